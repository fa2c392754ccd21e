package org.somaxis.conformance;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;

/**
 * What validation said about each resource of one request, kept on the request so the response can show it:
 * the full OperationOutcome of a refused batch entry (HAPI's batch keeps only the exception's message), the
 * warnings of an accepted resource, the parse problems of a batch entry, which refuse it when it is stored, and the
 * errors of the transaction entries the validator refused, for an answer HAPI gives before the 422 is thrown.
 * Keyed by the resource object itself, which is the one in the request Bundle.
 */
final class ValidationReport {
	private static final String KEY = ValidationReport.class.getName();
	private static final String BODY_KEY = KEY + ".body";
	private static final String SENT_PROFILES_KEY = KEY + ".sentProfiles";

	record Outcomes(Map<IBaseResource, IBaseOperationOutcome> refused, Map<IBaseResource, IBaseOperationOutcome> warned,
			Map<IBaseResource, List<SingleValidationMessage>> parseProblems, List<SingleValidationMessage> held) {
		boolean isEmpty() {
			return refused.isEmpty() && warned.isEmpty();
		}
	}

	private ValidationReport() {}

	/** Called at the start of a REST request, on its thread, before any entry is stored (batch entries run in a pool). */
	static void open(RequestDetails request) {
		request.getUserData().put(KEY, new Outcomes(Collections.synchronizedMap(new IdentityHashMap<>()),
				Collections.synchronizedMap(new IdentityHashMap<>()), Collections.synchronizedMap(new IdentityHashMap<>()),
				Collections.synchronizedList(new ArrayList<>())));
	}

	/**
	 * Keeps the parsed request body, for the entries' storage hooks: HAPI stores a transaction's entries with
	 * sub-requests, which share the request's user data but not its resource.
	 */
	static void received(RequestDetails request) {
		if (request.getResource() != null) {
			request.getUserData().put(BODY_KEY, request.getResource());
			Map<IBaseResource, List<String>> sent = new IdentityHashMap<>();
			sentProfiles(request.getResource(), sent);
			if (request.getResource() instanceof Bundle bundle) {
				bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
						.forEach(entry -> sentProfiles(entry.getResource(), sent));
			}
			request.getUserData().put(SENT_PROFILES_KEY, Collections.unmodifiableMap(sent));
		}
	}

	private static void sentProfiles(IBaseResource resource, Map<IBaseResource, List<String>> sent) {
		if (resource instanceof Resource r4) {
			sent.put(resource, r4.getMeta().getProfile().stream().map(CanonicalType::getValue).toList());
		}
	}

	/**
	 * The {@code meta.profile} of a resource of the request body in the order it was sent (HAPI sorts them before
	 * storing), so a message about one names the place the client wrote it at; the resource's own order when it was not
	 * in the body.
	 */
	static List<String> sentProfiles(RequestDetails request, IBaseResource resource) {
		@SuppressWarnings("unchecked")
		Map<IBaseResource, List<String>> sent = request == null ? null
				: (Map<IBaseResource, List<String>>) request.getUserData().get(SENT_PROFILES_KEY);
		List<String> order = sent == null ? null : sent.get(resource);
		return order != null ? order
				: resource instanceof Resource r4
						? r4.getMeta().getProfile().stream().map(CanonicalType::getValue).toList()
						: List.of();
	}

	/** The parsed body of the REST request this (sub-)request belongs to, or null. */
	static IBaseResource body(RequestDetails request) {
		return request == null ? null : (IBaseResource) request.getUserData().get(BODY_KEY);
	}

	static Outcomes of(RequestDetails request) {
		return request == null ? null : (Outcomes) request.getUserData().get(KEY);
	}

	static void refused(RequestDetails request, IBaseResource resource, IBaseOperationOutcome outcome) {
		Outcomes outcomes = of(request);
		if (outcomes != null) {
			outcomes.refused().put(resource, outcome);
		}
	}

	/** The parse problems of one batch entry's resource, which refuse that entry alone when it is stored. */
	static void parseProblems(RequestDetails request, IBaseResource resource, List<SingleValidationMessage> problems) {
		Outcomes outcomes = of(request);
		if (outcomes != null) {
			outcomes.parseProblems().put(resource, List.copyOf(problems));
		}
	}

	static List<SingleValidationMessage> parseProblems(RequestDetails request, IBaseResource resource) {
		Outcomes outcomes = of(request);
		return outcomes == null ? List.of() : outcomes.parseProblems().getOrDefault(resource, List.of());
	}

	/** The located errors of a transaction entry the validator refused, held until the transaction ends. */
	static void held(RequestDetails request, List<SingleValidationMessage> located) {
		Outcomes outcomes = of(request);
		if (outcomes != null) {
			outcomes.held().addAll(located);
		}
	}

	/** The errors held for the request's transaction, which are forgotten here (empty when there are none). */
	static List<SingleValidationMessage> takeHeld(RequestDetails request) {
		Outcomes outcomes = of(request);
		if (outcomes == null) {
			return List.of();
		}
		synchronized (outcomes.held()) {
			List<SingleValidationMessage> held = List.copyOf(outcomes.held());
			outcomes.held().clear();
			return held;
		}
	}

	static void warned(RequestDetails request, IBaseResource resource, IBaseOperationOutcome outcome) {
		Outcomes outcomes = of(request);
		if (outcomes != null) {
			outcomes.warned().put(resource, outcome);
		}
	}
}
