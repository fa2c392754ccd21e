package org.somaxis.guidance.record;

/** Metabolic phase of peptide therapy (seed 004): mobilisation, body-composition shift, stabilisation. */
public enum TherapyPhase {
	NONE,
	MOBILISATION,
	BODY_COMPOSITION,
	STABILISATION
}
