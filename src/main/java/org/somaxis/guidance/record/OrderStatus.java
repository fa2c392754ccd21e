package org.somaxis.guidance.record;

/**
 * Whether a peptide order is in effect, a draft being written, paused (on hold: not current therapy, but it may be
 * resumed, so the safety rules still judge it) or ended (stopped or completed).
 */
public enum OrderStatus {
	ACTIVE,
	DRAFT,
	ON_HOLD,
	ENDED
}
