package org.somaxis.guidance.knowledge;

import java.util.List;
import java.util.Optional;

/** Fallback IGF-1 reference intervals in ng/mL by age band and (optionally) sex, with the source they came from. */
public record Igf1ReferenceIntervals(String source, List<Band> bands) {

	public Igf1ReferenceIntervals {
		bands = List.copyOf(bands);
	}

	/**
	 * @param ageLow inclusive lower age in years, null when open
	 * @param ageHigh inclusive upper age in years (e.g. 19.9), null when open
	 * @param gender AdministrativeGender code ("male", "female"), null when sex-combined
	 */
	public record Band(Double ageLow, Double ageHigh, String gender, double low, double high) {
		boolean matches(double age, String patientGender) {
			return (ageLow == null || age >= ageLow)
					&& (ageHigh == null || age < Math.floor(ageHigh) + 1)
					&& (gender == null || gender.equals(patientGender));
		}
	}

	/**
	 * Whether every band begins after this age: a child's age, for a table of adult bands (the default one begins at
	 * 18). False when a band is open below, or there are none.
	 */
	public boolean below(int age) {
		return !bands.isEmpty() && bands.stream().allMatch(band -> band.ageLow() != null && age < band.ageLow());
	}

	/** The band for this age and AdministrativeGender code: a sex-specific band wins over a sex-combined one. */
	public Optional<Band> find(Integer age, String gender) {
		if (age == null) {
			return Optional.empty();
		}
		Band combined = null;
		for (Band band : bands) {
			if (band.matches(age, gender)) {
				if (band.gender() != null) {
					return Optional.of(band);
				}
				if (combined == null) {
					combined = band;
				}
			}
		}
		return Optional.ofNullable(combined);
	}
}
