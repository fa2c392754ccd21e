package org.somaxis.security;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Inspects request parameters (the query string, and the body of a form-encoded {@code _search}) before HAPI
 * parses them: HAPI turns a search number into a {@code BigDecimal} and prints it in plain notation, so
 * {@code value-quantity=1e999999999} (30 bytes) would fill the heap, and a number beyond the range of the
 * database's index columns ends in a database error.
 *
 * <p>Each value is split into the tokens FHIR search syntax uses ({@code ,} for OR, {@code |} between number,
 * system and code, {@code $} in composites); a token that is a number after its comparison prefix
 * ({@code gt}, {@code le}, ...) must have a decimal exponent within the limit, at most
 * {@value BodyInspector#MAX_NUMBER_LENGTH} characters, and a magnitude a database can compare with
 * (below 1e{@value #MAX_SEARCH_MAGNITUDE_EXPONENT}). Parameter names and values must not hold lone UTF-16
 * surrogates, nor control characters other than tab, CR and LF (PostgreSQL refuses U+0000). The scan is linear in the size of the parameters.
 */
public final class QueryInspector {
	/** Searchable numbers stay below 10^300: index columns are doubles, whose range ends near 1.8e308. */
	static final int MAX_SEARCH_MAGNITUDE_EXPONENT = 300;

	private static final BigDecimal MAX_SEARCH_MAGNITUDE = BigDecimal.ONE.scaleByPowerOfTen(MAX_SEARCH_MAGNITUDE_EXPONENT);
	private static final String[] PREFIXES = {"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"};

	/**
	 * Paging parameters: HAPI hands a negative {@code _offset} to the database as is, and took {@code _getpagesoffset}
	 * of {@code abc} or {@code -5} for the first page.
	 */
	private static final Set<String> PAGING = Set.of("_offset", "_count", "_getpagesoffset");

	/** The {@code _filter} parameter, which this server does not support (JpaStorageSettings' default). */
	private static final String FILTER = "_filter";

	/**
	 * History's {@code _at}, "versions current at some point during the time given" (R4 http.html#history), which HAPI
	 * answers as the versions written during it: the version current at an instant was not returned, with a 200
	 * (probe 49, R49-M2).
	 */
	private static final String AT = "_at";

	private static final Pattern NON_NEGATIVE_INT = Pattern.compile("[0-9]{1,9}");

	/**
	 * {@code _since} is an instant (http.html#history): HAPI refused a date alone with "datatype InstantDt does not
	 * support DAY precision".
	 */
	private static final String SINCE = "_since";
	private static final Pattern DATE_ONLY = Pattern.compile("[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?");
	/** A date and time without a time zone, which HAPI read in the server's zone (probe 48, S-m8). */
	private static final Pattern NO_ZONE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+");

	/**
	 * The result parameters whose values R4 lists: HAPI ignored any other value ({@code _summary=bogus} returned whole
	 * resources, {@code _containedType=x} every match), so a misspelt one silently gave another answer (probe 48, S-m2).
	 */
	private static final Map<String, Set<String>> RESULT_VALUES = Map.of(
			"_summary", Set.of("true", "false", "text", "data", "count"),
			"_total", Set.of("none", "estimate", "accurate"),
			"_pretty", Set.of("true", "false"),
			"_contained", Set.of("true", "false", "both"),
			"_containedType", Set.of("container", "contained"));

	/**
	 * The search modifiers of R4 (search.html#modifiers) and those HAPI adds ({@code nickname}, {@code mdm},
	 * {@code code-text}, {@code text-advanced}; {@code iterate} and {@code recurse} of {@code _include}, {@code exclude}
	 * of {@code _elements}): another one,
	 * {@code code:foo}, HAPI ignored or matched nothing with, answering 200 as if the search were fine. A modifier naming a
	 * resource type ({@code subject:Patient}) is the reference's.
	 */
	private static final Set<String> MODIFIERS = Set.of("missing", "exact", "contains", "text", "in", "not-in", "below",
			"above", "not", "identifier", "of-type", "iterate", "recurse", "nickname", "mdm", "code-text", "text-advanced",
			"exclude");
	private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");

	/** Why a parameter was refused (a FHIR issue type), and where. */
	public record Problem(IssueType type, String reason, String location) {
		Problem(String reason, String location) {
			this(IssueType.INVALID, reason, location);
		}
	}

	/** Which search parameters may hold a number that HAPI converts. */
	@FunctionalInterface
	public interface ParameterTypes {
		/** Every parameter may: the guard checks every value (used where no search is known). */
		ParameterTypes ANY = (resourceType, name) -> true;

		/**
		 * True when the value of {@code name} (as sent, with its modifier or chain) in a search of
		 * {@code resourceType} (null when the request is not a search of one resource type) may hold a number
		 * HAPI converts, or when that cannot be told.
		 */
		boolean mayHoldNumbers(String resourceType, String name);
	}

	private final int maxExponent;
	private final ParameterTypes parameterTypes;

	public QueryInspector(int maxExponent, ParameterTypes parameterTypes) {
		this.maxExponent = maxExponent;
		this.parameterTypes = parameterTypes;
	}

	/**
	 * Checks the raw query string: every {@code %} must start a two-digit hex escape, or the container and
	 * HAPI each decode it their own way (and HAPI's decoder throws). Returns null when it is well formed.
	 */
	public Problem inspectRawQuery(String query) {
		if (query == null) {
			return null;
		}
		for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 1)) {
			if (i + 2 >= query.length() || !isHex(query.charAt(i + 1)) || !isHex(query.charAt(i + 2))) {
				return new Problem(
						"Query string has a '%' that does not start a percent-encoded byte (%XX)", "character " + (i + 1));
			}
		}
		return null;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/**
	 * Returns null when every parameter is acceptable, else why and which parameter. {@code resourceType} is the
	 * type searched ({@code Observation} for {@code GET /fhir/Observation?...} or {@code POST
	 * /fhir/Observation/_search}), or null for any other request.
	 */
	public Problem inspect(String resourceType, Map<String, String[]> parameters) {
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			boolean numeric = parameterTypes.mayHoldNumbers(resourceType, name);
			if (Surrogates.hasLoneSurrogate(name)) {
				return new Problem("Search parameter name contains a lone UTF-16 surrogate", null);
			}
			if (AT.equals(name)) {
				return new Problem(IssueType.NOTSUPPORTED, "This server does not support _at (the versions current at a"
						+ " time): read the history, whose entries are dated, or use _since", AT);
			}
			if (FILTER.equals(name)) {
				// disabled in HAPI's settings, yet HAPI parses it first and fails unchecked on most values ("x", "(")
				return new Problem(IssueType.NOTSUPPORTED, "This server does not support the _filter parameter", FILTER);
			}
			if (PAGING.contains(name)) {
				for (String value : parameter.getValue()) {
					if (value != null && !NON_NEGATIVE_INT.matcher(value.strip()).matches()) {
						return new Problem(
								"Search parameter " + name + " must be a whole number from 0 to 999999999", name);
					}
				}
			}
			if (SINCE.equals(name)) {
				for (String value : parameter.getValue()) {
					if (value != null && DATE_ONLY.matcher(value.strip()).matches()) {
						return new Problem("_since is an instant, a date and a time to the second with a time zone"
								+ " (2030-01-01T00:00:00Z), not a date alone", SINCE);
					}
					if (value != null && NO_ZONE.matcher(value.strip()).matches()) {
						return new Problem("_since is an instant, with a time zone (2030-01-01T00:00:00Z); this one has"
								+ " none", SINCE);
					}
				}
			}
			if (RESULT_VALUES.containsKey(name)) {
				for (String value : parameter.getValue()) {
					if (value != null && !RESULT_VALUES.get(name).contains(value.strip())) {
						return new Problem(name + " takes " + String.join(", ", new java.util.TreeSet<>(RESULT_VALUES.get(name)))
								+ "; not '" + printable(value) + "'", name);
					}
				}
			}
			for (String value : parameter.getValue()) {
				if (Surrogates.hasLoneSurrogate(value)) {
					return new Problem(
							"Search parameter " + printable(name) + ": value contains a lone UTF-16 surrogate", printable(name));
				}
				if (ControlCharacters.hasForbidden(value)) {
					return new Problem(
							"Search parameter " + printable(name) + ": value contains a control character", printable(name));
				}
				String problem = numeric ? numberProblemIn(value) : null;
				if (problem != null) {
					return new Problem(
							IssueType.TOOCOSTLY, "Search parameter " + printable(name) + ": " + problem, printable(name));
				}
			}
			Problem modifier = resourceType == null ? null : modifierProblem(name, parameter.getValue());
			if (modifier != null) {
				return modifier;
			}
		}
		return null;
	}

	/** A modifier no search knows, or a {@code :missing} that is neither true nor false. */
	private static Problem modifierProblem(String name, String[] values) {
		int colon = name.indexOf(':');
		if (colon < 0 || name.startsWith("_has:") || name.contains("._has:")) {
			return null;
		}
		String modifier = name.substring(colon + 1);
		int chain = modifier.indexOf('.');
		modifier = chain < 0 ? modifier : modifier.substring(0, chain);
		String shown = printable(name.substring(0, colon));
		if (!MODIFIERS.contains(modifier) && !RESOURCE_TYPE.matcher(modifier).matches()) {
			return new Problem("Search parameter " + shown + " has the modifier ':" + printable(modifier)
					+ "', which FHIR R4 does not define", printable(name));
		}
		if (modifier.equals("missing")) {
			for (String value : values) {
				if (value != null && !value.equals("true") && !value.equals("false")) {
					return new Problem("Search parameter " + printable(name) + " takes true or false", printable(name));
				}
			}
		}
		return null;
	}

	private String numberProblemIn(String value) {
		if (value == null) {
			return null;
		}
		int start = 0;
		int n = value.length();
		for (int i = 0; i <= n; i++) {
			if (i == n || isSeparator(value.charAt(i))) {
				String problem = problemWithToken(value.substring(start, i));
				if (problem != null) {
					return problem;
				}
				start = i + 1;
			}
		}
		return null;
	}

	private static boolean isSeparator(char c) {
		return c == ',' || c == '|' || c == '$';
	}

	private String problemWithToken(String token) {
		String number = withoutPrefix(token.strip());
		if (number.isEmpty() || !NumberLiterals.isNumber(number)) {
			return null;
		}
		if (number.length() > BodyInspector.MAX_NUMBER_LENGTH) {
			return "number is longer than " + BodyInspector.MAX_NUMBER_LENGTH + " characters";
		}
		if (NumberLiterals.exponentMagnitude(number) > maxExponent) {
			return "number has a decimal exponent larger than " + maxExponent;
		}
		// safe to convert now: at most 1000 characters and a bounded exponent
		if (new BigDecimal(number).abs().compareTo(MAX_SEARCH_MAGNITUDE) >= 0) {
			return "number is too large to search for (limit 1e" + MAX_SEARCH_MAGNITUDE_EXPONENT + ")";
		}
		return null;
	}

	private static String withoutPrefix(String token) {
		if (token.length() > 2) {
			for (String prefix : PREFIXES) {
				if (token.startsWith(prefix)) {
					return token.substring(2);
				}
			}
		}
		return token;
	}

	private static String printable(String name) {
		String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
		return shown.replaceAll("[^\\x20-\\x7E]", "?");
	}
}
