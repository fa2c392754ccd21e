package org.somaxis.gather;

import java.util.List;

/**
 * The draft orders of one evaluation, as {@link DraftOrderReader} read them.
 *
 * @param orders the draft MedicationRequests and ServiceRequests as the client sent them (what update and delete
 *     actions act on)
 * @param forRecord the same orders as the record reads them: a MedicationRequest that names its medication by a
 *     reference the reader could resolve carries that Medication's code
 * @param messages orders the reader could not read fully (e.g. an unresolvable medication reference)
 */
public record DraftOrders(List<org.hl7.fhir.r4.model.Resource> orders, List<org.hl7.fhir.r4.model.Resource> forRecord,
		List<String> messages) {

	public DraftOrders {
		orders = List.copyOf(orders);
		forRecord = List.copyOf(forRecord);
		messages = List.copyOf(messages);
	}

	public static DraftOrders none() {
		return new DraftOrders(List.of(), List.of(), List.of());
	}

	public boolean isEmpty() {
		return orders.isEmpty();
	}
}
