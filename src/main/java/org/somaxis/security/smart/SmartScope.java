package org.somaxis.security.smart;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART App Launch 2.x resource scope: {@code (patient|user|system)/(Type|*).(permissions)[?param=value&...]}.
 *
 * <p>v2 permissions are the letters {@code c r u d s}, in that order ({@code .rs}, {@code .cruds}); v1 {@code .read} is
 * {@code rs}, {@code .write} is {@code cud} and {@code .*} is {@code cruds}. Anything else (out-of-order letters such as
 * {@code .dus}, unknown contexts) is not a resource scope and grants nothing, so {@code .read} can never be read as
 * {@code .rd}. The query part (fine-grained scopes, e.g. {@code patient/Observation.rs?category=...|laboratory}) narrows
 * which resources the scope covers.
 *
 * @param filter search parameters a resource must match to be covered; empty = every resource of the type
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions, Map<String, List<String>> filter) {

	/** Whose data the scope reaches: the patient in context, what the user may see, or the whole system. */
	public enum Context {
		PATIENT, USER, SYSTEM
	}

	/** The SMART v2 permission letters. */
	public enum Permission {
		CREATE, READ, UPDATE, DELETE, SEARCH
	}

	public static final String ANY_TYPE = "*";

	private static final Pattern GRAMMAR =
			Pattern.compile("^(patient|user|system)/([A-Za-z]+|\\*)\\.([a-z*]+)(\\?(.+))?$");
	private static final Pattern V2_LETTERS = Pattern.compile("^c?r?u?d?s?$");

	/** The scope this string stands for, or empty when it is not a SMART resource scope (openid, launch, .dus, ...). */
	public static Optional<SmartScope> parse(String scope) {
		Matcher m = GRAMMAR.matcher(scope);
		if (!m.matches()) {
			return Optional.empty();
		}
		Set<Permission> permissions = permissions(m.group(3));
		if (permissions.isEmpty()) {
			return Optional.empty();
		}
		Map<String, List<String>> filter = m.group(5) == null ? Map.of() : query(m.group(5));
		if (filter == null) {
			return Optional.empty();
		}
		Context context = Context.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
		return Optional.of(new SmartScope(context, m.group(2), permissions, filter));
	}

	/** Every resource scope in a space-separated {@code scope} claim; other scopes are ignored. */
	public static List<SmartScope> parseAll(String scopeClaim) {
		List<SmartScope> scopes = new ArrayList<>();
		if (scopeClaim == null) {
			return scopes;
		}
		for (String scope : scopeClaim.trim().split("\\s+")) {
			parse(scope).ifPresent(scopes::add);
		}
		return scopes;
	}

	private static Set<Permission> permissions(String suffix) {
		switch (suffix) {
			case "read":
				return EnumSet.of(Permission.READ, Permission.SEARCH);
			case "write":
				return EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
			case "*":
				return EnumSet.allOf(Permission.class);
			default:
				if (!V2_LETTERS.matcher(suffix).matches()) {
					return EnumSet.noneOf(Permission.class);
				}
				EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
				for (char letter : suffix.toCharArray()) {
					set.add(switch (letter) {
						case 'c' -> Permission.CREATE;
						case 'r' -> Permission.READ;
						case 'u' -> Permission.UPDATE;
						case 'd' -> Permission.DELETE;
						default -> Permission.SEARCH;
					});
				}
				return set;
		}
	}

	/**
	 * Control parameters a filter may use: they match a resource's own metadata. Any other parameter starting with
	 * {@code _} ({@code _text}, {@code _content}, {@code _query}, {@code _filter}, {@code _list}, {@code _has}) is not
	 * a property of the resource the in-memory matcher can judge, and searches ignored some of them, so a scope with
	 * one granted the whole type; it now grants nothing.
	 */
	private static final Set<String> CONTROL_PARAMETERS = Set.of("_id", "_tag", "_security", "_profile");

	/**
	 * {@code a=x&b=y} as parameter → values; null when malformed or not judgeable (then the scope grants nothing): a
	 * control parameter other than those above, a modifier ({@code category:missing=false} failed inside HAPI's
	 * in-memory matcher, a 500 on every request) or a chain.
	 */
	private static Map<String, List<String>> query(String query) {
		Map<String, List<String>> filter = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			if (eq <= 0 || eq == pair.length() - 1) {
				return null;
			}
			String name;
			String value;
			try {
				name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
				value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			} catch (IllegalArgumentException e) {
				return null; // not validly percent-encoded
			}
			if (name.startsWith("_") && !CONTROL_PARAMETERS.contains(name)) {
				return null;
			}
			if (name.contains(":") || name.contains(".")) {
				return null; // a modifier (:missing, :not, :text) or a chain: HAPI's in-memory matcher cannot judge all of them
			}
			filter.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
		}
		return filter;
	}

	public boolean coversType(String type) {
		return ANY_TYPE.equals(resourceType) || resourceType.equals(type);
	}

	public boolean allows(Permission permission) {
		return permissions.contains(permission);
	}

	/** The filter as a FHIR search query string ({@code category=a|b&code=c}), for the in-memory matcher. */
	public String filterQuery() {
		StringBuilder query = new StringBuilder();
		filter.forEach((name, values) -> values.forEach(value -> {
			if (query.length() > 0) {
				query.append('&');
			}
			query.append(name).append('=').append(value);
		}));
		return query.toString();
	}
}
