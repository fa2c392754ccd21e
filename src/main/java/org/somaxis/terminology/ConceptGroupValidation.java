package org.somaxis.terminology;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ValueSet;
import org.somaxis.guidance.knowledge.CodeSyntax;
import org.somaxis.guidance.knowledge.ConceptSet;
import org.somaxis.fhir.OperationInput;

/**
 * {@code ValueSet/$validate-code} against a concept group or review set answers what the guidance engine reads
 * ({@link ConceptSet}: its regex filters over code systems the server does not hold, ICD-10 categories, the documented
 * normalisations, a clinic's additions). HAPI answered {@code false} for every code of a group it could not expand
 * (ICD-10-CM C50.911 in {@code malignancy-conditions}) and for a code the group holds by its category (ICD-10 E11.9 in
 * {@code diabetes-conditions}). Where HAPI answers true, its answer stands (with what it says of a given
 * {@code display}); where it answers false, the engine decides. The group is named by {@code url} (without a version:
 * one with a version is HAPI's to answer) or by the stored ValueSet the request is made on; the codes by {@code system}
 * and {@code code} (each at most once), {@code coding} ({@code system|code} in a URL), or a {@code codeableConcept}'s
 * codings, a member when any is well formed ({@link CodeSyntax}) and in the group, in the URL or a POSTed body. Any other
 * ValueSet, and a request naming a code system's version ({@code systemVersion}, a coding's {@code version}) or a
 * {@code valueSetVersion} other than the stored one, gets HAPI's answer: the engine's groups are not versioned, and an
 * answer of true for version 9.9 of a ValueSet the server holds at 0.1.0 was wrong.
 */
@Interceptor
public final class ConceptGroupValidation {
	/** Inputs that name a code system's version: HAPI's to answer (it refuses one it does not hold). */
	private static final java.util.Set<String> SYSTEM_VERSIONS = java.util.Set.of("systemVersion", "version");
	private final Map<String, ConceptSet> groups;
	private final DaoRegistry daos;

	/** @param groups the concept groups and review sets by ValueSet url, as the guidance engine reads them */
	public ConceptGroupValidation(Map<String, ConceptSet> groups, DaoRegistry daos) {
		this.groups = Map.copyOf(groups);
		this.daos = daos;
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean answer(RequestDetails request, ResponseDetails response) {
		if (!"$validate-code".equals(request.getOperation()) || !"ValueSet".equals(request.getResourceName())
				|| !(response.getResponseResource() instanceof Parameters hapis)) {
			return true;
		}
		Parameters asked = OperationInput.of(request);
		if (asked == null) {
			return true;
		}
		ConceptSet group = group(request, asked);
		List<Coding> codings = codings(asked);
		if (group == null || codings.isEmpty() || namesAnotherVersion(asked, codings, group.url())) {
			return true;
		}
		if (resultOf(hapis)) {
			return true; // HAPI found it (and says what it found of a given display); the engine holds at least as much
		}
		// a code not written as its system writes codes is no member, though the engine reads an order coded that way
		// as its product ("62064-241-XX" as 62064-241), the side a safety check errs on
		boolean member = codings.stream().anyMatch(coding -> CodeSyntax.problem(coding).isEmpty() && group.contains(coding));
		Parameters answer = new Parameters();
		answer.addParameter("result", member);
		hapis.getParameter().stream()
				.filter(parameter -> "display".equals(parameter.getName()) && parameter.hasValue())
				.findFirst()
				.ifPresent(display -> answer.addParameter().setName("display").setValue(display.getValue()));
		if (!member) {
			answer.addParameter("message", "No coding given is in ValueSet " + group.url()
					+ " as the guidance engine reads it (docs/terminology.md)");
		}
		response.setResponseResource(answer);
		return true;
	}

	/**
	 * True when the request names a code system's version ({@code systemVersion}, a coding's {@code version}, also in a
	 * {@code codeableConcept}), or a ValueSet version other than the one stored: the engine's groups are not versioned.
	 */
	private boolean namesAnotherVersion(Parameters asked, List<Coding> codings, String url) {
		if (codings.stream().anyMatch(Coding::hasVersion)
				|| asked.getParameter().stream().anyMatch(parameter -> SYSTEM_VERSIONS.contains(parameter.getName()))) {
			return true;
		}
		String valueSetVersion = OperationInput.single(asked, "valueSetVersion");
		return valueSetVersion != null && !valueSetVersion.equals(storedVersion(url));
	}

	private String storedVersion(String url) {
		SearchParameterMap byUrl = SearchParameterMap.newSynchronous("url", new UriParam(url));
		for (IBaseResource found : daos.getResourceDao(ValueSet.class).searchForResources(byUrl, new SystemRequestDetails())) {
			return ((ValueSet) found).getVersion();
		}
		return null;
	}

	private static boolean resultOf(Parameters answer) {
		return answer.getParameter().stream()
				.anyMatch(parameter -> "result".equals(parameter.getName())
						&& parameter.getValue() instanceof BooleanType result && result.booleanValue());
	}

	/**
	 * The group named by {@code url}, or by the stored ValueSet the request is made on (its url). A url with a version
	 * is left to HAPI, which refuses a version it does not hold.
	 */
	private ConceptSet group(RequestDetails request, Parameters asked) {
		String url = OperationInput.single(asked, "url");
		if (url == null && request.getId() != null && request.getId().hasIdPart()) {
			url = storedUrl(request.getId().getIdPart());
		}
		if (url == null || url.contains("|")) {
			return null;
		}
		return groups.get(url);
	}

	private String storedUrl(String id) {
		try {
			ValueSet stored = (ValueSet) daos.getResourceDao("ValueSet").read(new IdType("ValueSet", id),
					new SystemRequestDetails());
			return stored.getUrl();
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return null; // HAPI has answered the request itself
		}
	}

	private static List<Coding> codings(Parameters asked) {
		List<Coding> codings = new ArrayList<>();
		for (Parameters.ParametersParameterComponent parameter : asked.getParameter()) {
			if ("coding".equals(parameter.getName()) && parameter.getValue() instanceof Coding coding) {
				codings.add(coding);
			} else if ("codeableConcept".equals(parameter.getName())
					&& parameter.getValue() instanceof CodeableConcept concept) {
				codings.addAll(concept.getCoding());
			}
		}
		String code = OperationInput.single(asked, "code");
		if (code != null) {
			codings.add(new Coding(OperationInput.single(asked, "system"), code, null));
		}
		return codings;
	}
}
