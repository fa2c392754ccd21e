package org.somaxis.guidance.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The members of one concept group, expanded in memory from a FHIR ValueSet in terminology/ (plus a clinic's extra
 * ValueSets) when the knowledge is loaded. Membership is exact (system and code) or, for a regex filter of the
 * ValueSet, a full match of the code. There is no code-system hierarchy at run time: SNOMED CT descendants are members
 * because the published expansions list them.
 *
 * <p>Codings are compared without the blanks around them (any Unicode space, no-break and zero-width ones too; for
 * ICD-10-CM and ICD-10 also inside), after these documented normalisations: the HL7 OIDs of SNOMED CT, RxNorm,
 * ICD-10-CM, ICD-10, ICD-10-PCS, CPT, NDC, ATC, LOINC, v3 ObservationInterpretation and v3 ActCode are read as their
 * canonical URIs (ICD-10-PCS also under THO's other URI), and so is HL7 v2's
 * name of LOINC, "LN"; ICD-10-GM (either of
 * its two URIs) is read as the WHO's ICD-10, whose categories it keeps; an ICD-10-CM or ICD-10 code sent without its
 * dot ("C509") is read with it ("C50.9"); an ICD-10 code is also read as its subcategory and category ("E11.90" as
 * "E11.9" and "E11"), since ICD-10's codes are built that way, and without a dagger, asterisk or exclamation mark after
 * it; an ICD-10-PCS code is read in capitals; a SNOMED CT concept written with its term ("254837009 |Malignant neoplasm
 * of breast (disorder)|") is read as the concept; and an NDC package code is read as its product code (labeler-product), the level at which the groups list NDCs.
 *
 * @param url canonical of the ValueSet the group was expanded from
 * @param codes members as "system|code"
 * @param patterns regex filters per system
 */
public record ConceptSet(String url, Set<String> codes, Map<String, List<Pattern>> patterns) {
	public static final String SNOMED = "http://snomed.info/sct";
	/** HL7 v2 table 0162, Route of Administration (HL7 Terminology). */
	public static final String V2_ROUTES = "http://terminology.hl7.org/CodeSystem/v2-0162";
	public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
	/** The WHO's ICD-10, as used outside the US; national modifications that keep its categories are read as it. */
	public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
	public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	public static final String NDC = "http://hl7.org/fhir/sid/ndc";
	/** The WHO's Anatomical Therapeutic Chemical classification, as European systems code a drug. */
	public static final String ATC = "http://www.whocc.no/atc";
	public static final String LOINC = "http://loinc.org";
	/** ICD-10-PCS, CMS's procedure codes, under the URI HL7 Terminology prefers. */
	public static final String ICD10PCS = "http://www.cms.gov/Medicare/Coding/ICD10";
	public static final String CPT = "http://www.ama-assn.org/go/cpt";
	/** FDA's Unique Ingredient Identifier (GSRS), as FHIR names it. */
	public static final String UNII = "http://fdasis.nlm.nih.gov";
	private static final Map<String, String> SYSTEM_ALIASES = Map.ofEntries(
			Map.entry("urn:oid:2.16.840.1.113883.6.96", SNOMED),
			Map.entry("urn:oid:2.16.840.1.113883.6.90", ICD10CM),
			Map.entry("urn:oid:2.16.840.1.113883.6.3", ICD10),
			Map.entry("http://fhir.de/CodeSystem/bfarm/icd-10-gm", ICD10),
			Map.entry("http://fhir.de/CodeSystem/dimdi/icd-10-gm", ICD10),
			Map.entry("urn:oid:2.16.840.1.113883.6.88", RXNORM),
			Map.entry("urn:oid:2.16.840.1.113883.6.69", NDC),
			// the WHO's ATC under its HL7 OID (FHIR R4's list of external code systems), as CDA documents carry it
			Map.entry("urn:oid:2.16.840.1.113883.6.73", ATC),
			Map.entry("urn:oid:2.16.840.1.113883.6.1", LOINC),
			// ICD-10-PCS and CPT under their HL7 OIDs and (PCS) THO's other URI (HL7 Terminology's NamingSystems icd10PCS
			// and CPT), as C-CDA converters carry a procedure's code (probe 61, P61-m4)
			Map.entry("urn:oid:2.16.840.1.113883.6.4", ICD10PCS),
			Map.entry("http://terminology.hl7.org/CodeSystem/icd10PCS", ICD10PCS),
			Map.entry("urn:oid:2.16.840.1.113883.6.12", CPT),
			// UNII's HL7 OID (FHIR R4's list of external code systems), as allergy lists converted from C-CDA carry it
			Map.entry("urn:oid:2.16.840.1.113883.4.9", UNII),
			// HL7 v2 table 0396's name of LOINC (OBX-3 "2484-4^IGF-1^LN"), as naive v2 converters leave it
			Map.entry("LN", LOINC),
			Map.entry("urn:oid:2.16.840.1.113883.5.83", "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"),
			// FHIR STU3's canonical URIs of the Condition status code systems (same codes; R4 moved them to THO), as
			// data converted from STU3 still carries them
			Map.entry("http://hl7.org/fhir/condition-clinical", "http://terminology.hl7.org/CodeSystem/condition-clinical"),
			Map.entry("http://hl7.org/fhir/condition-ver-status",
					"http://terminology.hl7.org/CodeSystem/condition-ver-status"),
			// and of the AllergyIntolerance status code systems (STU3's AllergyIntolerance.clinicalStatus and
			// verificationStatus were codes of these systems; the codes are R4's)
			Map.entry("http://hl7.org/fhir/allergy-clinical-status",
					"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"),
			Map.entry("http://hl7.org/fhir/allergy-verification-status",
					"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"),
			// HL7 v2 table 0162 (routes) under FHIR R2's URI and its HL7 OID, as v2 converters name it
			Map.entry("http://hl7.org/fhir/v2/0162", V2_ROUTES),
			Map.entry("urn:oid:2.16.840.1.113883.12.162", V2_ROUTES),
			// HL7 v3 ActCode under its OID (FHIR R4's CodeSystem v3-ActCode, 2018-08-12, identifier), as converted C-CDA
			// documents name the code of the pregnancy observation, ASSERTION: Microsoft's FHIR-Converter maps only a few
			// OIDs to URIs and writes every other one as urn:oid (probe 50, P50-C1)
			Map.entry("urn:oid:2.16.840.1.113883.5.4", "http://terminology.hl7.org/CodeSystem/v3-ActCode"),
			// and under FHIR STU3's (and DSTU2's) canonical URI of ActCode, as STU3-era C-CDA converters write it (probe 51)
			Map.entry("http://hl7.org/fhir/v3/ActCode", "http://terminology.hl7.org/CodeSystem/v3-ActCode"),
			// HL7 v3 RouteOfAdministration under its OID, as C-CDA's routeCode carries it
			Map.entry("urn:oid:2.16.840.1.113883.5.112", "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration"));
	private static final Pattern DIGITS = Pattern.compile("[0-9]+");
	/** A SNOMED CT concept identifier followed by its term between pipes: compositional grammar's simple expression. */
	private static final Pattern SCTID_WITH_TERM = Pattern.compile("([0-9]+)\\s*\\|[^|]*\\|");
	/**
	 * The canonical URIs that data misnames in the ways {@link #misnamed} reads: another case, a trailing slash, https for
	 * http.
	 */
	private static final List<String> MISNAMED_CANONICALS = List.of(SNOMED, ICD10CM, ICD10, RXNORM, NDC, ATC, LOINC, ICD10PCS, CPT);
	/**
	 * Plain names of code systems, as some exports write them in place of the URI (letters and digits only, lower case):
	 * the systems' own names, and HL7 v2 table 0396's (SCT, I10, RXNORM).
	 */
	private static final Map<String, String> SYSTEM_NAMES = Map.of("snomedct", SNOMED, "snomed", SNOMED, "sct", SNOMED,
			"icd10cm", ICD10CM, "icd10", ICD10, "i10", ICD10, "rxnorm", RXNORM, "ndc", NDC, "loinc", LOINC, "icd10pcs", ICD10PCS);
	/** Blanks a copy-paste or an export leaves around a code: any Unicode space, no-break and zero-width ones too. */
	private static final String BLANK = "[\\s\\p{Z}\\u200B-\\u200D\\u2060\\uFEFF]";
	private static final Pattern EDGE_BLANKS = Pattern.compile("^" + BLANK + "+|" + BLANK + "+$");
	private static final Pattern BLANKS = Pattern.compile(BLANK + "+");
	/** The marks ICD-10 prints after a code: dagger (also written "+"), asterisk, and ICD-10-GM's "!" of a secondary code. */
	private static final Pattern ICD10_MARKS = Pattern.compile("[\u2020+*!]+$");

	public ConceptSet {
		codes = Set.copyOf(codes);
		patterns = Map.copyOf(patterns);
	}

	public boolean contains(String system, String code) {
		if (system == null || code == null || code.isBlank()) {
			return false;
		}
		String normalisedSystem = system(system);
		for (String normalisedCode : codeForms(normalisedSystem, code)) {
			if (codes.contains(normalisedSystem + "|" + normalisedCode)) {
				return true;
			}
			for (Pattern pattern : patterns.getOrDefault(normalisedSystem, List.of())) {
				if (pattern.matcher(normalisedCode).matches()) {
					return true;
				}
			}
		}
		return false;
	}

	public boolean contains(Coding coding) {
		return coding != null && contains(coding.getSystem(), coding.getCode());
	}

	/** The first coding of the concept that is a member. */
	public Optional<Coding> match(CodeableConcept concept) {
		if (concept == null) {
			return Optional.empty();
		}
		return concept.getCoding().stream().filter(this::contains).findFirst();
	}

	public boolean matches(CodeableConcept concept) {
		return match(concept).isPresent();
	}

	/** The code systems of the members (canonical URIs), enumerated or filtered. */
	public Set<String> systems() {
		Set<String> systems = new java.util.TreeSet<>(patterns.keySet());
		codes.forEach(member -> systems.add(member.substring(0, member.indexOf('|'))));
		return systems;
	}

	/** True when some coding of the concept is in one of the systems (after the documented normalisations). */
	public static boolean anyCodingIn(CodeableConcept concept, Set<String> systems) {
		return concept != null && concept.getCoding().stream()
				.anyMatch(coding -> coding.hasSystem() && coding.hasCode() && systems.contains(system(coding.getSystem())));
	}

	/** Number of enumerated members (regex filters not counted). */
	public int size() {
		return codes.size();
	}

	/**
	 * The canonical URI of a code system, reading the HL7 OIDs of SNOMED CT, ICD-10-CM, ICD-10, ICD-10-PCS, CPT, RxNorm,
	 * NDC, LOINC and v3 ObservationInterpretation as theirs, HL7 v2's name of LOINC ("LN") as LOINC's, and ICD-10-GM as ICD-10.
	 */
	public static String system(String system) {
		String trimmed = EDGE_BLANKS.matcher(system).replaceAll("");
		return SYSTEM_ALIASES.getOrDefault(trimmed, trimmed);
	}

	/**
	 * The code system a system no concept group reads most likely means: a published system's URI written in another
	 * case, with a trailing slash or with https ({@code http://hl7.org/fhir/sid/icd-10-cm/}, {@code https://snomed.info/sct}),
	 * or its plain name ({@code ICD-10-CM}, {@code SNOMED CT}). Never read as that system, since the code may be of
	 * another: the record names such a coding, which may be a contraindication (probe 82, P82-C1). Empty for a system
	 * as published ({@link #system}) and for any other.
	 */
	public static Optional<String> misnamed(String system) {
		if (system == null || !system(system).equals(EDGE_BLANKS.matcher(system).replaceAll(""))
				|| MISNAMED_CANONICALS.contains(system)) {
			return Optional.empty();
		}
		String lower = EDGE_BLANKS.matcher(system).replaceAll("").toLowerCase(Locale.ROOT).replaceAll("/+$", "")
				.replaceFirst("^https://", "http://");
		Optional<String> uri = MISNAMED_CANONICALS.stream().filter(canonical -> canonical.toLowerCase(Locale.ROOT).equals(lower))
				.findFirst();
		return uri.isPresent() ? uri : Optional.ofNullable(SYSTEM_NAMES.get(lower.replaceAll("[^a-z0-9]", "")));
	}

	/** Every way data may name the code system: its canonical URI first, then the OIDs (and v2 names) read as it. */
	public static List<String> systemNames(String canonical) {
		List<String> names = new java.util.ArrayList<>(List.of(canonical));
		SYSTEM_ALIASES.entrySet().stream()
				.filter(alias -> alias.getValue().equals(canonical))
				.map(Map.Entry::getKey)
				.sorted()
				.forEach(names::add);
		return names;
	}

	/**
	 * The forms a code may be listed under: the code itself after {@link #code}, or for an NDC the product codes it can
	 * stand for. An NDC with hyphens is labeler-product-package ("62064-241-01", any of the FDA's 4-4-2, 5-3-2 and
	 * 5-4-1 layouts), so its product code is the first two segments. The 11-digit form ("62064024101", or with hyphens
	 * "62064-0241-01") pads the layout to 5-4-2 with a leading zero, so its product code is the 5-4 split, or, where a
	 * segment starts with the padding zero, the 5-3 or 4-4 product it came from. Ten digits without hyphens may be any
	 * of the three layouts.
	 */
	public static List<String> codeForms(String system, String code) {
		String trimmed = code(system, code);
		if (ICD10.equals(system)) {
			return icd10Forms(trimmed);
		}
		if (ICD10CM.equals(system)) {
			return icd10cmForms(trimmed);
		}
		if (!NDC.equals(system)) {
			return List.of(trimmed);
		}
		String[] segments = trimmed.split("-", -1);
		String digits = String.join("", segments);
		if (segments.length == 3 && !(segments[0].length() == 5 && segments[1].length() == 4 && segments[2].length() == 2)) {
			return List.of(segments[0] + "-" + segments[1]);
		}
		if (segments.length == 2 && segments[0].length() == 5 && segments[1].length() == 4
				&& (segments[1].startsWith("0") || segments[0].startsWith("0")) && DIGITS.matcher(digits).matches()) {
			// a product code in the padded 5-4 form of the 11-digit layout: a 5-3 product whose product was padded, or a
			// 4-4 one whose labeler was (03333-4444 is 3333-4444: a clinic's 03333-4444 missed a record's 3333-4444-01;
			// probe 72, P72-C2), as the 11-digit code is read below
			List<String> forms = new java.util.ArrayList<>(List.of(trimmed));
			if (segments[1].startsWith("0")) {
				forms.add(segments[0] + "-" + segments[1].substring(1));
			}
			if (segments[0].startsWith("0")) {
				forms.add(segments[0].substring(1) + "-" + segments[1]);
			}
			return forms;
		}
		if ((segments.length != 1 && segments.length != 3) || !DIGITS.matcher(digits).matches()) {
			return List.of(trimmed);
		}
		trimmed = digits;
		if (trimmed.length() == 11) {
			String labeler = trimmed.substring(0, 5);
			String product = trimmed.substring(5, 9);
			List<String> forms = new java.util.ArrayList<>(List.of(labeler + "-" + product));
			if (product.startsWith("0")) {
				forms.add(labeler + "-" + product.substring(1));
			}
			if (labeler.startsWith("0")) {
				forms.add(labeler.substring(1) + "-" + product);
			}
			return forms;
		}
		if (trimmed.length() == 10) {
			return List.of(trimmed.substring(0, 4) + "-" + trimmed.substring(4, 8),
					trimmed.substring(0, 5) + "-" + trimmed.substring(5, 8),
					trimmed.substring(0, 5) + "-" + trimmed.substring(5, 9));
		}
		return List.of(trimmed);
	}

	/**
	 * Every form an NDC product code is read in ({@link #codeForms} of its padded 11-digit layout): {@code 45678-111}
	 * and {@code 45678-0111} are one product, so taking one out of a group takes out both (probe 71, P71-M2). A code
	 * that is no labeler-product pair of digits is its own only form.
	 */
	static List<String> ndcProductForms(String product) {
		String[] segments = product.split("-", -1);
		boolean labelerProduct = segments.length == 2 && DIGITS.matcher(segments[0] + segments[1]).matches()
				&& (segments[0].length() == 4 && segments[1].length() == 4 || segments[0].length() == 5
						&& (segments[1].length() == 3 || segments[1].length() == 4)); // 4-4, 5-3, or 5-4 (padded)
		if (!labelerProduct) {
			return List.of(product);
		}
		String padded = "0".repeat(5 - segments[0].length()) + segments[0] + "0".repeat(4 - segments[1].length()) + segments[1];
		List<String> forms = new java.util.ArrayList<>(codeForms(NDC, padded + "00"));
		if (!forms.contains(product)) {
			forms.add(product);
		}
		return forms;
	}

	/**
	 * An ICD-10-CM code and the codes above it, each character dropped in turn down to its category: "I42.0" is in
	 * category "I42", "S72.001A" in "S72.001", "S72.00", "S72.0" and "S72" (ICD-10-CM's tabular list builds its codes
	 * so, a character per level). A group that lists a category holds what lies under it, as for WHO ICD-10: a clinic's
	 * "I42" held only a record coded "I42", and "I42.0" beside MK-677 drew no heart-failure warning and no message
	 * (probe 72, P72-M2). The published sets list billable codes, which have nothing under them.
	 */
	private static List<String> icd10cmForms(String code) {
		if (!CodeSyntax.ICD10CM.matcher(code).matches()) {
			return List.of(code);
		}
		List<String> forms = new java.util.ArrayList<>(List.of(code));
		for (String above = code; above.length() > 3; ) {
			above = above.substring(0, above.length() - 1);
			if (above.endsWith(".")) {
				above = above.substring(0, above.length() - 1);
			}
			forms.add(above);
		}
		return forms;
	}

	/**
	 * An ICD-10 code and the codes it is built from: "E11.90" is in subcategory "E11.9" of category "E11" (WHO ICD-10,
	 * Volume 2, "Basic structure": three-character categories, four-character subcategories; ICD-10-GM adds a fifth
	 * character). A group that lists a category holds its subdivisions, as the classification does.
	 */
	private static List<String> icd10Forms(String code) {
		if (!CodeSyntax.ICD10.matcher(code).matches() || code.length() == 3) {
			return List.of(code);
		}
		List<String> forms = new java.util.ArrayList<>(List.of(code));
		if (code.length() > 5) {
			forms.add(code.substring(0, 5));
		}
		forms.add(code.substring(0, 3));
		return forms;
	}

	static String code(String system, String code) {
		String trimmed = EDGE_BLANKS.matcher(code).replaceAll("");
		if (SNOMED.equals(system)) {
			// a concept written with its term, as SNOMED CT's compositional grammar allows ("254837009 |Malignant neoplasm
			// of breast (disorder)|") and some EHRs export it: the concept itself (probe 82, P82-C2)
			java.util.regex.Matcher withTerm = SCTID_WITH_TERM.matcher(trimmed);
			return withTerm.matches() ? withTerm.group(1) : trimmed;
		}
		if (ICD10.equals(system)) {
			trimmed = ICD10_MARKS.matcher(BLANKS.matcher(trimmed).replaceAll("")).replaceAll("");
		}
		if (ICD10PCS.equals(system)) {
			// seven characters of digits and capital letters, never a blank; "0gb00zz" is "0GB00ZZ" (probe 61, P61-m4)
			return BLANKS.matcher(trimmed).replaceAll("").toUpperCase(Locale.ROOT);
		}
		if (ICD10CM.equals(system) || ICD10.equals(system)) {
			// an ICD-10 code never holds a blank: one inside ("C50 .911") is left over from formatting
			trimmed = BLANKS.matcher(trimmed).replaceAll("").toUpperCase(Locale.ROOT);
			if (trimmed.length() > 3 && trimmed.indexOf('.') < 0) {
				trimmed = trimmed.substring(0, 3) + "." + trimmed.substring(3);
			}
		}
		return trimmed;
	}
}
