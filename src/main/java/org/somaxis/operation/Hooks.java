package org.somaxis.operation;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.somaxis.guidance.Hook;

/** The {@code hook} parameter of Patient/$evaluate and $evaluate. */
final class Hooks {
	static final String PARAMETER = "hook";

	private Hooks() {}

	/**
	 * patient-view, order-select or order-sign. Without a hook, draft orders mean order-select (CLINICAL.md:
	 * "$evaluate with draft orders" is the order face) and no drafts mean patient-view.
	 */
	static Hook parse(PrimitiveType<?> hook, boolean hasDrafts) {
		if (hook == null || hook.getValueAsString() == null) { // also a hook sent only as its data-absent-reason
			return hasDrafts ? Hook.ORDER_SELECT : Hook.PATIENT_VIEW;
		}
		return switch (hook.getValueAsString()) {
			case "patient-view" -> Hook.PATIENT_VIEW;
			case "order-select" -> Hook.ORDER_SELECT;
			case "order-sign" -> Hook.ORDER_SIGN;
			default -> throw OperationErrors.badRequest(IssueType.CODEINVALID,
					"Unknown hook '" + hook.getValueAsString() + "'; use patient-view, order-select or order-sign",
					PARAMETER);
		};
	}

	/** The CDS Hooks name of a hook the operations accept. */
	static String code(Hook hook) {
		return switch (hook) {
			case ORDER_SELECT -> "order-select";
			case ORDER_SIGN -> "order-sign";
			default -> "patient-view";
		};
	}
}
