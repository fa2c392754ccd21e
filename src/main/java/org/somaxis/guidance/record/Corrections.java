package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.idOf;
import static org.somaxis.guidance.record.FhirValues.localDate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/**
 * Results that a correction replaces. FHIR corrects a result by a new version of the same resource; HL7 v2 feeds and
 * the converters behind them often send the corrected result as a new resource instead, with the same identifier (the
 * filler's result id) and status {@code corrected} or {@code amended}. Of the results of one kind and one day that share
 * an identifier, the one issued last replaces the others; when their issue times do not tell (one is missing, or they
 * are equal), a corrected or amended one replaces a final, preliminary or registered one. When neither tells, none is
 * replaced, and the day's results are ordered as {@link SameDay} says. Results of different days are never grouped, so
 * an identifier a laboratory reuses across draws (a standing order's) replaces nothing.
 */
final class Corrections {
	private Corrections() {}

	/** The "Observation/id" of every result a correction replaces. */
	static Set<String> replaced(List<? extends Resource> resources) {
		Map<String, List<Observation>> groups = new LinkedHashMap<>();
		for (Resource resource : resources) {
			if (!(resource instanceof Observation observation) || !counts(observation) || !observation.getIdElement().hasIdPart()) {
				continue; // a result without an id cannot be told from another one without an id
			}
			ObservationKind kind = ObservationKind.of(observation.getCode()).orElse(null);
			if (kind == null) {
				continue;
			}
			LocalDate day = observation.hasEffectiveDateTimeType() ? localDate(observation.getEffectiveDateTimeType())
					: observation.hasEffectiveInstantType() ? localDate(observation.getEffectiveInstantType())
					: observation.hasEffectivePeriod() ? localDate(observation.getEffectivePeriod().getStartElement())
					: null;
			for (Identifier identifier : observation.getIdentifier()) {
				if (identifier.hasValue()) {
					String key = kind + "|" + day + "|" + identifier.getSystem() + "|" + identifier.getValue().strip();
					groups.computeIfAbsent(key, ignored -> new ArrayList<>()).add(observation);
				}
			}
		}
		Set<String> replaced = new HashSet<>();
		for (List<Observation> group : groups.values()) {
			if (group.size() < 2) {
				continue;
			}
			for (Observation candidate : group) {
				if (group.stream().allMatch(other -> other == candidate || replaces(candidate, other))) {
					group.stream().filter(other -> other != candidate).forEach(other -> replaced.add(idOf(other)));
				}
			}
		}
		return replaced;
	}

	private static boolean counts(Observation observation) {
		Observation.ObservationStatus status = observation.getStatus();
		return status != Observation.ObservationStatus.ENTEREDINERROR && status != Observation.ObservationStatus.CANCELLED;
	}

	/** Whether {@code newer} replaces {@code older}: issued later, or, when that does not tell, a correction of it. */
	private static boolean replaces(Observation newer, Observation older) {
		if (Objects.equals(idOf(newer), idOf(older))) {
			return false; // the same resource listed twice
		}
		if (newer.hasIssued() && older.hasIssued() && !newer.getIssued().equals(older.getIssued())) {
			return newer.getIssued().after(older.getIssued());
		}
		return rank(newer) > rank(older);
	}

	/** A correction above a final result above a preliminary or registered one. */
	private static int rank(Observation observation) {
		Observation.ObservationStatus status = observation.getStatus();
		if (status == Observation.ObservationStatus.CORRECTED || status == Observation.ObservationStatus.AMENDED) {
			return 2;
		}
		return status == Observation.ObservationStatus.FINAL ? 1 : 0;
	}
}
