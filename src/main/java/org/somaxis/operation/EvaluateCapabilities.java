package org.somaxis.operation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Points the CapabilityStatement's {@code evaluate} operations at our own OperationDefinitions in {@code profiles/}.
 * HAPI would otherwise reference one generated definition that merges the Patient, Observation and system operations
 * (HAPI-NOTES.md §6).
 */
@Interceptor
public final class EvaluateCapabilities {

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void useOwnDefinitions(IBaseConformance capabilityStatement) {
		if (!(capabilityStatement instanceof CapabilityStatement statement)) {
			return;
		}
		for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
			rest.getOperation().removeIf(operation -> operation.getName().equals("evaluate"));
			rest.addOperation()
					.setName("evaluate")
					.setDefinition(Evaluation.CANONICAL_BASE + SystemEvaluateProvider.OPERATION_ID);
			for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				String id = switch (resource.getType()) {
					case "Patient" -> PatientEvaluateProvider.OPERATION_ID;
					case "Observation" -> ObservationEvaluateProvider.OPERATION_ID;
					default -> null;
				};
				resource.getOperation().removeIf(operation -> operation.getName().equals("evaluate"));
				if (id != null) {
					resource.addOperation().setName("evaluate").setDefinition(Evaluation.CANONICAL_BASE + id);
				}
			}
		}
	}
}
