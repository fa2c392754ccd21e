package org.somaxis.guidance.record;

/** IGF-1 interpretation: L below the interval, N within, H above, HH above the very-high SDS threshold. */
public enum Interpretation {
	L,
	N,
	H,
	HH;

	public boolean isAbove() {
		return this == H || this == HH;
	}
}
