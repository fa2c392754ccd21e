package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;

/**
 * Operations HAPI's resource providers bring that this server cannot answer truly: refused with 400
 * {@code not-supported} and left out of the CapabilityStatement. Also what the CapabilityStatement claimed beyond what
 * the server does.
 *
 * <ul>
 *   <li>{@code Observation/$lastn}: HAPI answers it from an Elasticsearch index, which Somaxis does not run; without
 *       one, HAPI 8.8 ignored {@code patient}, {@code code} and {@code max} and returned other patients'
 *       Observations.
 *   <li>{@code $expunge}: off ({@code JpaStorageSettings#setExpungeEnabled}); HAPI listed it on every type and then
 *       answered 405.
 *   <li>{@code $hapi.fhir.merge} and {@code $hapi.fhir.undo-merge} (listed on every type): HAPI 8.8's merge rewrote
 *       the references of the source's data to the target, then could not store its Provenance (no {@code agent},
 *       refused by validation on write) and rolled back the Patients only: the source's Observations stayed with the
 *       target while the answer said the merge had failed. It also took ids that differ in case for one resource.
 *   <li>{@code CodeSystem/$subsumes}: HAPI answers it from its terminology tables through Hibernate Search, which
 *       Somaxis does not run: a 500 for two codes of the server's own CodeSystems, "Unknown code" for the SNOMED CT and
 *       LOINC fragments. {@code $lookup} and {@code $validate-code} answer for the same codes.
 *   <li>conditional delete: HAPI listed {@code multiple}, but deletes one match only (several give 412), as its
 *       default settings do;
 *   <li>Turtle among the formats: a Turtle body is refused with 415 (HAPI 8.8's RDF parser gave back no resource).
 * </ul>
 *
 * And what it left out that the server does (probe 48, S-m5): update as create ({@code updateCreate}), reads of past
 * versions ({@code readHistory}), and conditional reads by {@code If-None-Match} and {@code If-Modified-Since}
 * ({@code conditionalRead} full-support).
 */
@Interceptor
public final class UnsupportedOperations {
	private static final Set<String> NAMES =
			Set.of("lastn", "expunge", "hapi.fhir.merge", "hapi.fhir.undo-merge", "subsumes");

	/** Before the operation runs: also for a batch or transaction entry, which passes this pointcut only. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void refuse(RequestDetails request) {
		String operation = request.getOperation();
		if (operation != null && operation.startsWith("$") && NAMES.contains(operation.substring(1))) {
			String message = "This server does not support " + operation;
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, null));
		}
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void leaveOut(IBaseConformance capabilityStatement) {
		if (capabilityStatement instanceof CapabilityStatement statement) {
			for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
				rest.getOperation().removeIf(operation -> NAMES.contains(operation.getName()));
				for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
					resource.getOperation().removeIf(operation -> NAMES.contains(operation.getName()));
					if (resource.getConditionalDelete() == CapabilityStatement.ConditionalDeleteStatus.MULTIPLE) {
						resource.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.SINGLE);
					}
					boolean updates = resource.getInteraction().stream()
							.anyMatch(i -> i.getCode() == CapabilityStatement.TypeRestfulInteraction.UPDATE);
					boolean vreads = resource.getInteraction().stream()
							.anyMatch(i -> i.getCode() == CapabilityStatement.TypeRestfulInteraction.VREAD);
					resource.setUpdateCreate(updates);
					resource.setReadHistory(vreads);
					resource.setConditionalRead(CapabilityStatement.ConditionalReadStatus.FULLSUPPORT);
				}
			}
			statement.getFormat().removeIf(format -> {
				String code = format.getValue() == null ? "" : format.getValue().toLowerCase(java.util.Locale.ROOT);
				return code.contains("turtle") || code.equals("ttl");
			});
		}
	}
}
