package org.somaxis.guidance;

/** The entry point that asked for guidance; each one evaluates exactly one {@link Face}. */
public enum Hook {
	PATIENT_VIEW(Face.PATIENT_VIEW),
	ORDER_SELECT(Face.ORDER),
	ORDER_SIGN(Face.ORDER),
	PATIENT_EVALUATE(Face.PATIENT_VIEW),
	ORDER_EVALUATE(Face.ORDER),
	OBSERVATION_EVALUATE(Face.OBSERVATION);

	private final Face face;

	Hook(Face face) {
		this.face = face;
	}

	public Face face() {
		return face;
	}
}
