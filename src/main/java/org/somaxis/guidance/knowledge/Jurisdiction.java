package org.somaxis.guidance.knowledge;

import java.util.Set;

/**
 * A regulatory jurisdiction. Peptides whose status is in {@code elevatedStatuses} get the rule's elevated severity
 * (off-label or restricted use); other non-approved statuses get its base severity.
 */
public record Jurisdiction(String code, String name, Set<String> elevatedStatuses) {
	public Jurisdiction {
		elevatedStatuses = Set.copyOf(elevatedStatuses);
	}
}
