package org.somaxis.guidance.record;

/** Whether a peptide order is in effect, a draft being written, or ended (stopped, completed or on hold). */
public enum OrderStatus {
	ACTIVE,
	DRAFT,
	ENDED
}
