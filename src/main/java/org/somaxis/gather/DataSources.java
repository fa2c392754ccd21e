package org.somaxis.gather;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Builds the {@link PatientDataSource} for a request: the store, an inline Bundle, or a CDS prefetch whose missing
 * keys come from (in this order, ARCHITECTURE.md) our own store when {@code fhirServer} is absent or this server, the
 * remote {@code fhirServer} when it is on the allow-list, or nowhere (UNAVAILABLE, without any outbound call).
 */
public final class DataSources {
	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;
	private final GatherPlan plan;
	private final FhirContext fhir;
	private final FhirContext remoteFhir;
	private final Set<String> allowedServers;
	private final Set<String> selfServers;

	/**
	 * @param allowedServers remote FHIR bases a CDS request may have us query with its token
	 * @param selfServers further bases that mean this server (the base a request arrived on always does)
	 * @param remoteTimeout connect and read timeout of remote queries
	 */
	public DataSources(DaoRegistry daos, IHapiTransactionService transactions, GatherPlan plan, FhirContext fhir,
			List<String> allowedServers, List<String> selfServers, Duration remoteTimeout) {
		this.daos = daos;
		this.transactions = transactions;
		this.plan = plan;
		this.fhir = fhir;
		this.allowedServers = allowedServers.stream().map(DataSources::normalise).collect(Collectors.toSet());
		this.selfServers = selfServers.stream().map(DataSources::normalise).collect(Collectors.toSet());
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
		return new StoreSource(daos, transactions, plan, request);
	}

	public BundleSource bundle(Bundle bundle, String parameterName) {
		return new BundleSource(bundle, parameterName);
	}

	/**
	 * A CDS request's prefetch with the fallback its {@code fhirServer} allows.
	 *
	 * @param ownBase this server's FHIR base as the client reached it, e.g. http://host:8080/fhir
	 */
	public PrefetchSource prefetch(JsonNode prefetch, String fhirServer, String accessToken, String ownBase) {
		String server = fhirServer == null ? null : normalise(fhirServer);
		if (server == null || isThisServer(server, ownBase) || selfServers.contains(server)) {
			return new PrefetchSource(fhir, prefetch, store(null), null);
		}
		if (!allowedServers.contains(server)) {
			return new PrefetchSource(fhir, prefetch, null, "The prefetch is incomplete and fhirServer " + server
					+ " is not on this service's allow-list (somaxis.cds.allowed-fhir-servers)");
		}
		return new PrefetchSource(fhir, prefetch, remote(server, accessToken), null);
	}

	private RemoteSource remote(String base, String accessToken) {
		return new RemoteSource(remoteFhir.newRestfulGenericClient(base), base, accessToken, plan);
	}

	/**
	 * Whether a {@code fhirServer} names the base the request arrived on: the same URL, or the same scheme, port and
	 * path on a loopback name (a client on this machine that says {@code 127.0.0.1} to a server it reached as
	 * {@code localhost}). Loopback names are known without a lookup; any other host must match as written.
	 */
	static boolean isThisServer(String fhirServer, String ownBase) {
		String server = normalise(fhirServer);
		String own = normalise(ownBase);
		if (server.equals(own)) {
			return true;
		}
		try {
			URI a = new URI(server);
			URI b = new URI(own);
			return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
					&& port(a) == port(b) && port(a) > 0
					&& Objects.equals(a.getRawPath(), b.getRawPath())
					&& a.getRawQuery() == null && b.getRawQuery() == null && a.getRawUserInfo() == null
					&& isLoopback(a.getHost()) && isLoopback(b.getHost());
		} catch (URISyntaxException notAUrl) {
			return false;
		}
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
	}

	private static boolean isLoopback(String host) {
		if (host == null) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]") && name.contains(":")) {
			// an IPv6 literal in any spelling ([::1], [0:0:0:0:0:0:0:1]); a literal is never looked up
			try {
				return InetAddress.getByName(name.substring(1, name.length() - 1)).isLoopbackAddress();
			} catch (UnknownHostException notAnAddress) {
				return false;
			}
		}
		return name.equals("localhost") || name.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
	}

	static String normalise(String url) {
		String trimmed = url.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}
}
