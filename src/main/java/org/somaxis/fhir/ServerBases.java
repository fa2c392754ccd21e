package org.somaxis.fhir;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which FHIR bases mean this server: the base a request arrived on, the same scheme, port and path on another loopback
 * name (a client on this machine that says {@code 127.0.0.1} to a server it reached as {@code localhost}), and the
 * bases configured as this server's further names (a public URL behind a proxy). Loopback names are known without a
 * lookup; any other host must match as written.
 */
public final class ServerBases {
	private final Set<String> configured;

	/** @param configured further bases that mean this server */
	public ServerBases(Collection<String> configured) {
		this.configured = configured.stream().map(ServerBases::normalise).collect(Collectors.toSet());
	}

	/** Whether {@code base} names this server, for a request that arrived on {@code ownBase} (null: none). */
	public boolean isThisServer(String base, String ownBase) {
		String server = normalise(base);
		return configured.contains(server) || ownBase != null && isSameServer(server, ownBase);
	}

	/**
	 * Whether {@code base} names the base a request arrived on: as written, in another spelling of the same URL (the
	 * scheme and host in any case, the scheme's default port written out), or on another loopback name.
	 */
	public static boolean isSameServer(String base, String ownBase) {
		String server = normalise(base);
		String own = normalise(ownBase);
		if (server.equals(own)) {
			return true;
		}
		try {
			URI a = new URI(server);
			URI b = new URI(own);
			boolean sameHost = a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
					|| isLoopback(a.getHost()) && isLoopback(b.getHost());
			return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
					&& port(a) == port(b) && port(a) > 0
					&& Objects.equals(a.getRawPath(), b.getRawPath())
					&& a.getRawQuery() == null && b.getRawQuery() == null && a.getRawUserInfo() == null
					&& b.getRawUserInfo() == null && sameHost;
		} catch (URISyntaxException notAUrl) {
			return false;
		}
	}

	/** The base without surrounding spaces and trailing slashes. */
	public static String normalise(String url) {
		String trimmed = url.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
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
}
