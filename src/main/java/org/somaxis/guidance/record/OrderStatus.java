package org.somaxis.guidance.record;

/** Whether a peptide order is already in effect or is a draft being written. */
public enum OrderStatus {
	ACTIVE,
	DRAFT
}
