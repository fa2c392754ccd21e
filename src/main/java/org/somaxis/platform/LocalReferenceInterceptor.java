package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;
import org.somaxis.fhir.ServerBases;

/**
 * An absolute reference to this server's own base is a local reference (FHIR R4 References: "if the URL matches the
 * service base, it's a local reference"). HAPI indexes it as an external URL, so {@code MedicationRequest?patient=X}
 * did not find an order whose subject was {@code http://<this server>/fhir/Patient/X}, the guidance never saw it, and
 * referential integrity did not check it. Before storage such a reference is written relative
 * ({@code Patient/X}, keeping {@code /_history/n}), so it is indexed, searched and checked as the local reference it is.
 * Which bases are this server: {@link ServerBases} (the base the request came to, its loopback aliases, and
 * {@code somaxis.cds.self-fhir-servers}).
 */
@Interceptor
public final class LocalReferenceInterceptor {
	/** A base, then Type/id with an optional version, and nothing else (no search URL, no fragment). */
	private static final Pattern ABSOLUTE = Pattern.compile(
			"(https?://.+?)/(([A-Z][A-Za-z]+)/[A-Za-z0-9\\-.]{1,64}(?:/_history/[A-Za-z0-9\\-.]{1,64})?)");

	private final FhirContext fhirContext;
	private final ServerBases bases;

	public LocalReferenceInterceptor(FhirContext fhirContext, ServerBases bases) {
		this.fhirContext = fhirContext;
		this.bases = bases;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -100)
	public void created(IBaseResource resource, RequestDetails request) {
		makeLocal(resource, request);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -100)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		makeLocal(resource, request);
	}

	void makeLocal(IBaseResource resource, RequestDetails request) {
		makeLocal(resource, request == null ? null : request.getFhirServerBase());
	}

	/**
	 * Writes the resource's absolute references to this server relative, as a write stores them; also for
	 * {@code $validate}, so that it judges them as the write does.
	 *
	 * @param ownBase the base the request arrived on; null: only the configured bases are this server
	 */
	public void makeLocal(IBaseResource resource, String ownBase) {
		for (Reference reference : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
			String local = local(reference.getReference(), ownBase);
			if (local != null) {
				reference.setReference(local);
			}
		}
	}

	/** The relative form of a reference to this server, or null when it is not an absolute reference to this server. */
	String local(String reference, String ownBase) {
		if (reference == null) {
			return null;
		}
		Matcher absolute = ABSOLUTE.matcher(reference);
		if (!absolute.matches() || !fhirContext.getResourceTypes().contains(absolute.group(3))) {
			return null;
		}
		return bases.isThisServer(absolute.group(1), ownBase) ? absolute.group(2) : null;
	}
}
