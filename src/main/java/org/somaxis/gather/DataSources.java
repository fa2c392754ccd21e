package org.somaxis.gather;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.hl7.fhir.r4.model.Bundle;
import org.somaxis.fhir.ServerBases;

/**
 * Builds the {@link PatientDataSource} for a request: the store, an inline Bundle, or a CDS prefetch whose missing
 * keys come from (in this order, ARCHITECTURE.md) our own store when {@code fhirServer} is absent or this server
 * ({@link ServerBases}), the
 * remote {@code fhirServer} when it is on the allow-list, or nowhere (UNAVAILABLE, without any outbound call).
 */
public final class DataSources {
	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;
	private final GatherPlan plan;
	private final PartRunner runner;
	private final FhirContext fhir;
	private final FhirContext remoteFhir;
	private final Set<String> allowedServers;
	private final ServerBases selfServers;

	/**
	 * @param allowedServers remote FHIR bases a CDS request may have us query with its token
	 * @param selfServers further bases that mean this server (the base a request arrived on always does)
	 * @param remoteTimeout connect and read timeout of remote queries
	 * @param runner runs the store's reads of one request side by side where cores are free
	 */
	public DataSources(DaoRegistry daos, IHapiTransactionService transactions, GatherPlan plan, FhirContext fhir,
			List<String> allowedServers, List<String> selfServers, Duration remoteTimeout, PartRunner runner) {
		this.daos = daos;
		this.transactions = transactions;
		this.plan = plan;
		this.runner = runner;
		this.fhir = fhir;
		this.allowedServers = allowedServers.stream().map(ServerBases::normalise).collect(Collectors.toSet());
		this.selfServers = new ServerBases(selfServers);
		// a context of its own, so the remote client's HTTP settings never touch the server's context
		this.remoteFhir = new FhirContext(FhirVersionEnum.R4);
		IRestfulClientFactory clients = remoteFhir.getRestfulClientFactory();
		clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
		int timeout = (int) remoteTimeout.toMillis();
		clients.setConnectTimeout(timeout);
		clients.setSocketTimeout(timeout);
		clients.setHttpClient(HttpClientBuilder.create()
				.disableRedirectHandling()
				.useSystemProperties()
				.setDefaultRequestConfig(RequestConfig.custom()
						.setConnectTimeout(timeout)
						.setSocketTimeout(timeout)
						.setConnectionRequestTimeout(timeout)
						.setRedirectsEnabled(false)
						.build())
				.build());
	}

	public GatherPlan plan() {
		return plan;
	}

	/** Our own store, read as the given request (its partitioning, interceptors and transaction). */
	public StoreSource store(RequestDetails request) {
		return new StoreSource(daos, transactions, plan, runner, request);
	}

	/** @param ownBase this server's FHIR base as the client reached it, e.g. http://host:8080/fhir (null: unknown) */
	public BundleSource bundle(Bundle bundle, String parameterName, String ownBase) {
		return new BundleSource(bundle, parameterName, ownBase);
	}

	/**
	 * Whether a CDS request's missing data is read from our own store: its {@code fhirServer} is absent or is this
	 * server.
	 */
	public boolean readsStore(String fhirServer, String ownBase) {
		return fhirServer == null || selfServers.isThisServer(ServerBases.normalise(fhirServer), ownBase);
	}

	/**
	 * A CDS request's prefetch with the fallback its {@code fhirServer} allows.
	 *
	 * @param ownBase this server's FHIR base as the client reached it, e.g. http://host:8080/fhir
	 * @param compartmentOnly the request may read only its patient's own record in our store (a patient-context
	 *     {@code fhirAuthorization}): linked Patients' records are not read ({@link StoreSource#COMPARTMENT_ONLY})
	 */
	public PrefetchSource prefetch(JsonNode prefetch, String fhirServer, String accessToken, String ownBase,
			boolean compartmentOnly) {
		if (readsStore(fhirServer, ownBase)) {
			SystemRequestDetails request = new SystemRequestDetails();
			if (compartmentOnly) {
				request.getUserData().put(StoreSource.COMPARTMENT_ONLY, Boolean.TRUE);
			}
			// this server, under the name the client reached it by and the one it gave as fhirServer (a configured
			// public name): the client's absolute references to its Patient are the patient's
			Set<String> bases = new java.util.TreeSet<>();
			if (ownBase != null) {
				bases.add(ownBase);
			}
			if (fhirServer != null && !fhirServer.isBlank()) {
				bases.add(ServerBases.normalise(fhirServer));
			}
			return new PrefetchSource(fhir, prefetch, store(request), null, bases);
		}
		// another server: only its own Patient of the id is the patient (this server's is another id space)
		String server = ServerBases.normalise(fhirServer);
		if (!allowedServers.contains(server)) {
			return new PrefetchSource(fhir, prefetch, null, "The prefetch is incomplete and fhirServer " + server
					+ " is not on this service's allow-list (somaxis.cds.allowed-fhir-servers)", Set.of(server));
		}
		return new PrefetchSource(fhir, prefetch, remote(server, accessToken), null, Set.of(server));
	}

	private RemoteSource remote(String base, String accessToken) {
		return new RemoteSource(remoteFhir.newRestfulGenericClient(base), base, accessToken, plan);
	}
}
