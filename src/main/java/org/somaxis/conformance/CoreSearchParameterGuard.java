package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.dao.validation.SearchParameterDaoValidator;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r5.model.SearchParameter;
import org.somaxis.fhir.OperationOutcomes;

/**
 * HAPI's checks of a SearchParameter before it is stored, after one rule of Somaxis's own: a stored SearchParameter
 * may add a search parameter, never redefine one of the FHIR core specification's. HAPI runs this check on every
 * SearchParameter write (REST, transaction entries) and on every SearchParameter of a package being installed,
 * which it then skips with an error in the log.
 *
 * <p>Why the rule lives here: in HAPI 8.8, {@code JpaStorageSettings#setDefaultSearchParamsCanBeOverridden(false)}
 * does two things. HAPI's validator refuses a redefinition of a core parameter, and the search parameter registry
 * ignores every stored SearchParameter, new ones included. Somaxis sets it to {@code true}, so that stored
 * SearchParameters take effect, and keeps the refusal here, whatever the setting says. The guidance gathers by core
 * parameters ({@code patient}, {@code code}, {@code date}, {@code category}, {@code status}, ...); a stored
 * redefinition of one would change what those searches find, and guidance could miss a lab or a condition.
 */
public final class CoreSearchParameterGuard extends SearchParameterDaoValidator {
	private static final Set<String> EVERY_TYPE = Set.of("Resource", "DomainResource");
	/** The core specification's own namespace for its SearchParameters. */
	private static final String CORE_URL_PREFIX = "http://hl7.org/fhir/SearchParameter/";

	private final FhirContext fhirContext;

	public CoreSearchParameterGuard(
			FhirContext fhirContext, JpaStorageSettings storageSettings, ISearchParamRegistry searchParamRegistry) {
		super(fhirContext, storageSettings, searchParamRegistry);
		this.fhirContext = fhirContext;
	}

	@Override
	public void validate(SearchParameter searchParameter) {
		refuseRedefinitionOfACoreParameter(searchParameter);
		super.validate(searchParameter);
	}

	private void refuseRedefinitionOfACoreParameter(SearchParameter searchParameter) {
		if (searchParameter.hasUrl() && searchParameter.getUrl().startsWith(CORE_URL_PREFIX)) {
			throw refusal(
					"SearchParameter URLs under " + CORE_URL_PREFIX + " belong to the FHIR core specification and cannot be "
							+ "stored on this server",
					"SearchParameter.url");
		}
		if (!searchParameter.hasCode()) {
			return;
		}
		String code = searchParameter.getCode();
		for (IPrimitiveType<?> base : searchParameter.getBase()) {
			String named = base.getValueAsString();
			if (typesMeant(named).stream().anyMatch(type -> fhirContext.getResourceDefinition(type).getSearchParam(code) != null)) {
				throw refusal(
						"Search parameter " + named + ":" + code + " is defined by the FHIR core specification and cannot be "
								+ "redefined on this server; give the new parameter a code of its own",
						"SearchParameter.code");
			}
		}
	}

	/** The resource types a base names that this server knows; Resource and DomainResource mean all of them. */
	private Set<String> typesMeant(String base) {
		Set<String> known = fhirContext.getResourceTypes();
		if (EVERY_TYPE.contains(base)) {
			return known;
		}
		return known.contains(base) ? Set.of(base) : Set.of();
	}

	private static UnprocessableEntityException refusal(String diagnostics, String location) {
		return new UnprocessableEntityException(
				diagnostics, OperationOutcomes.error(IssueType.BUSINESSRULE, diagnostics, location));
	}
}
