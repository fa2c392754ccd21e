package org.somaxis.guidance;

import java.util.Objects;

/**
 * One step of a suggestion. CREATE carries the LOINC code of a ServiceRequest to order; DELETE and UPDATE carry the
 * id of the draft (or active) order they act on, e.g. "MedicationRequest/draft-1".
 */
public record Action(Type type, String description, String loincCode, String loincDisplay, String resourceId) {

	public enum Type {
		CREATE,
		UPDATE,
		DELETE
	}

	public Action {
		Objects.requireNonNull(type, "type");
		description = description == null ? "" : description;
		loincCode = loincCode == null ? "" : loincCode;
		loincDisplay = loincDisplay == null ? "" : loincDisplay;
		resourceId = resourceId == null ? "" : resourceId;
	}

	public static Action orderLab(String loincCode, String display) {
		return new Action(Type.CREATE, "Order " + display, loincCode, display, "");
	}

	public static Action delete(String resourceId) {
		return new Action(Type.DELETE, "Remove " + resourceId, "", "", resourceId);
	}

	public static Action update(String resourceId, String description) {
		return new Action(Type.UPDATE, description, "", "", resourceId);
	}
}
