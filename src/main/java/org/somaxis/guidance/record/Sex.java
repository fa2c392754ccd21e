package org.somaxis.guidance.record;

/** Administrative sex as recorded on Patient.gender. */
public enum Sex {
	MALE,
	FEMALE,
	OTHER,
	UNKNOWN;

	/** Maps an AdministrativeGender code ("male", "female", "other", "unknown"); anything else is UNKNOWN. */
	public static Sex fromAdministrativeGender(String code) {
		if (code == null) {
			return UNKNOWN;
		}
		return switch (code.trim().toLowerCase(java.util.Locale.ROOT)) {
			case "male" -> MALE;
			case "female" -> FEMALE;
			case "other" -> OTHER;
			default -> UNKNOWN;
		};
	}

	/** The AdministrativeGender code ("male", "female", "other", "unknown"). */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
