package org.somaxis.guidance.rules;

import java.util.List;

/** The rule catalogue: one instance of every rule, in CLINICAL.md order. */
public final class Rules {
	private Rules() {}

	public static List<Rule> all() {
		return List.of(
				new PeptideActiveMalignancyRule(),
				new PeptideCancerTreatmentOngoingRule(),
				new PeptidePastMalignancyRule(),
				new PeptideInMinorRule(),
				new IbutamorenHeartFailureRule(),
				new TesamorelinBreastfeedingRule(),
				new SecretagogueBreastfeedingRule(),
				new PeptidePregnancyRule(),
				new TesamorelinHpAxisDisorderRule(),
				new SecretagogueHpAxisDisorderRule(),
				new PeptideAcromegalyRule(),
				new PeptideHypersensitivityRule(),
				new PeptideAcuteCriticalIllnessRule(),
				new Igf1AboveRangeOnTherapyRule(),
				new Igf1PersistentlyVeryHighRule(),
				new GlucoseIntoleranceRule(),
				new EarlyGlucoseRiseRule(),
				new InsulinResistancePersistingRule(),
				new NoBaselineIgf1Rule(),
				new Igf1MonitoringOverdueRule(),
				new DuplicateGhrhAnaloguesRule(),
				new GhrhPlusGhsCombinationRule(),
				new RouteMismatchRule(),
				new RegulatoryStatusRule(),
				new Igf1NonResponseRule(),
				new Igf1AboveRangeUntreatedRule(),
				new MetabolicMonitoringOverdueRule(),
				new GlucoseRisingMidTherapyRule(),
				new ResistanceTrainingLowRule(),
				new HiitAbsentRule(),
				new EnduranceExcessRule(),
				new SleepShortRule(),
				new InsulinSensitivityLifestyleRule(),
				new LowIgf1LifestyleRule(),
				new Igf1InTargetRule(),
				new TestosteroneSynergyRule(),
				new PeptideBesideGrowthHormoneRule());
	}
}
