package org.somaxis.guidance.knowledge;

import java.util.Set;

/**
 * Who a rule is for, from its {@code population} entry in knowledge/rules.yaml.
 *
 * @param minAgeYears lowest age in whole years the rule applies to (inclusive), null for no lower limit
 * @param maxAgeYears highest age in whole years (inclusive), null for no upper limit
 * @param sexes AdministrativeGender codes the rule applies to; empty for every sex
 */
public record Population(Integer minAgeYears, Integer maxAgeYears, Set<String> sexes) {
	public static final Population EVERYONE = new Population(null, null, Set.of());

	public Population {
		sexes = Set.copyOf(sexes);
	}

	public boolean ageLimited() {
		return minAgeYears != null || maxAgeYears != null;
	}

	/** True when the age is known and inside the range (always true without a range). */
	public boolean includesAge(Integer ageYears) {
		if (!ageLimited()) {
			return true;
		}
		return ageYears != null
				&& (minAgeYears == null || ageYears >= minAgeYears)
				&& (maxAgeYears == null || ageYears <= maxAgeYears);
	}

	/** True when the rule has no sex restriction or the patient's sex is listed. */
	public boolean includesSex(String administrativeGender) {
		return sexes.isEmpty() || sexes.contains(administrativeGender);
	}

	/** "18 years and over", "under 18", "18 to 65 years"; "" without an age range. */
	public String describeAge() {
		if (minAgeYears != null && maxAgeYears != null) {
			return minAgeYears + " to " + maxAgeYears + " years";
		}
		if (minAgeYears != null) {
			return minAgeYears + " years and over";
		}
		return maxAgeYears == null ? "" : maxAgeYears + " years and under";
	}

	/** As docs/guidance-rules.md states it: "everyone (all ages and sexes)", "18 years and over", "all ages; female". */
	public String describe() {
		if (!ageLimited() && sexes.isEmpty()) {
			return "everyone (all ages and sexes)";
		}
		String age = ageLimited() ? describeAge() : "all ages";
		return sexes.isEmpty() ? age : age + "; " + String.join(", ", new java.util.TreeSet<>(sexes));
	}
}
