package org.somaxis.security.smart;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.somaxis.gather.GatherPlan;
import org.somaxis.security.smart.SmartScope.Permission;

/**
 * Whether a token may have guidance computed from a patient's data in our store ({@code Patient/[id]/$evaluate}, and a
 * CDS call whose {@code fhirAuthorization} is for this server). The evaluation reads the patient's Observations,
 * orders, statements, administrations, dispenses, conditions, procedures, draft ServiceRequests, allergies and the
 * Medications they name (every part of {@link GatherPlan}). A token that
 * cannot read one of them in full (no scope, or only a filtered one such as {@code ?category=laboratory}) would have
 * them withheld one by one, and the guidance would look like a clean record: a cancer or a pregnancy the token cannot
 * see would not stop an order. So such a token is refused, naming every scope it lacks.
 */
public final class EvaluationReads {

	private EvaluationReads() {
	}

	/** The {@code Type.rs} scopes the token lacks (read and search without a filter); empty when it has them all. */
	public static List<String> missingScopes(SmartAccess access) {
		Set<String> types = new TreeSet<>(List.of("Medication"));
		for (GatherPlan.Part part : GatherPlan.Part.values()) {
			types.add(part.resourceType());
		}
		return types.stream()
				.filter(type -> !(access.permits(type, Permission.READ) && access.permits(type, Permission.SEARCH)
						&& access.seesEveryMatch(type)))
				.map(type -> type + ".rs")
				.toList();
	}

	/** Why the token may not have {@code patientId}'s stored data evaluated, or empty when it may. */
	public static Optional<String> refusal(SmartAccess access, String patientId) {
		if (access.patientOnly() && !access.patientId().equals(patientId)) {
			return Optional.of("the token is for another patient");
		}
		List<String> missing = missingScopes(access);
		return missing.isEmpty() ? Optional.empty()
				: Optional.of("the token needs read and search without a filter on " + String.join(", ", missing));
	}
}
