package org.somaxis.guidance.record;

/**
 * An IGF-1 reference interval in ng/mL and where it came from. The interval is read as roughly -2..+2 SDS, which
 * gives an approximate, log-normal SDS: mid = (ln lo + ln hi)/2, sd = (ln hi - ln lo)/4, SDS = (ln x - mid)/sd.
 * It is an approximation; assay-specific LMS parameters would be exact.
 *
 * @param origin {@value #LABORATORY} for Observation.referenceRange, otherwise the fallback table's title
 */
public record ReferenceInterval(double low, double high, String origin) {
	/** The origin of an interval the laboratory reported with the result. */
	public static final String LABORATORY = "lab";

	/** Whether the laboratory reported this interval with the result (else it is the table's for age and sex). */
	public boolean fromTheLaboratory() {
		return LABORATORY.equals(origin);
	}

	public ReferenceInterval {
		if (!(low > 0) || !(high > low)) {
			throw new IllegalArgumentException("reference interval needs 0 < low < high, got " + low + ".." + high);
		}
	}

	public double sds(double value) {
		double lnLow = Math.log(low);
		double lnHigh = Math.log(high);
		double mid = (lnLow + lnHigh) / 2;
		double sd = (lnHigh - lnLow) / 4;
		return (Math.log(value) - mid) / sd;
	}

	/** The value at this SDS: the inverse of {@link #sds}. */
	public double valueAtSds(double sds) {
		double lnLow = Math.log(low);
		double lnHigh = Math.log(high);
		return Math.exp((lnLow + lnHigh) / 2 + sds * (lnHigh - lnLow) / 4);
	}

	/** L / N / H / HH. Exactly the upper limit is N; HH when SDS exceeds the very-high threshold. */
	public Interpretation interpret(double value, double veryHighSds) {
		if (value < low) {
			return Interpretation.L;
		}
		if (value <= high) {
			return Interpretation.N;
		}
		return sds(value) > veryHighSds ? Interpretation.HH : Interpretation.H;
	}
}
