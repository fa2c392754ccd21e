package org.somaxis.guidance.knowledge;

import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Coding;

/**
 * Whether a code is written as its code system writes codes, for the systems whose codes have a checkable form. A code
 * that is not (a display pasted into the code, a SNOMED CT expression, a digit too many, a full-width dot) can be in no
 * concept group, so a condition coded that way would pass the contraindications unseen; the record names it instead.
 * <ul>
 *   <li>ICD-10-CM (after {@link ConceptSet}'s normalisations): a letter, a digit, a digit or letter, then optionally a
 *       dot and one to four digits or letters (CDC/CMS ICD-10-CM code structure: 3 to 7 characters).
 *   <li>ICD-10 (the WHO's, and ICD-10-GM read as it): a letter and two digits (a category), then optionally a dot and
 *       one digit (a subcategory) or two (ICD-10-GM's fifth character), after {@link ConceptSet}'s normalisations
 *       (WHO ICD-10 Volume 2, "Basic structure and principles of the classification"; BfArM ICD-10-GM).
 *   <li>SNOMED CT: a concept identifier (SCTID): 6 to 18 digits without a leading zero, partition identifier 00 or 10
 *       (a concept of the International Edition or of an extension), and a Verhoeff check digit (SNOMED CT Technical
 *       Implementation Guide, "SCTID data type" and "Check digit"). A post-coordinated expression is not an SCTID.
 *   <li>NDC: ten digits in three hyphenated segments, labeler-product-package, as 4-4-2, 5-3-2 or 5-4-1; the 11-digit
 *       5-4-2 form, with hyphens or without; ten digits without hyphens; or a product code alone (labeler-product,
 *       4-4, 5-3 or 5-4) (FDA, National Drug Code Directory, "NDC format"; the 11-digit form of HIPAA claims). The
 *       concept groups read an NDC at its product level ({@link ConceptSet#codeForms}).
 *   <li>ICD-10-PCS: seven characters, each a digit or a capital letter other than I and O (CMS, ICD-10-PCS Official
 *       Guidelines for Coding and Reporting, and the ICD-10-PCS Reference Manual: "each code has seven characters", of 34
 *       possible values). A diagnosis code under its system (C61) is none (probe 82, P82-C1).
 *   <li>RxNorm: a concept identifier (RXCUI), one to eight digits without a leading zero (NLM, RxNorm Technical
 *       Documentation, 12.4 RXNCONSO.RRF and its database scripts: {@code RXCUI varchar(8)}; every release writes it as
 *       digits). An allergy coded {@code 21687x3} matched no allergen and was not named (probe 73).
 * </ul>
 */
public final class CodeSyntax {
	static final Pattern ICD10CM = Pattern.compile("[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?");
	static final Pattern ICD10 = Pattern.compile("[A-Z][0-9]{2}(\\.[0-9]{1,2})?");
	private static final Pattern SCTID = Pattern.compile("[1-9][0-9]{5,17}");
	private static final Pattern ICD10PCS = Pattern.compile("[0-9A-HJ-NP-Z]{7}");
	private static final Pattern RXCUI = Pattern.compile("[1-9][0-9]{0,7}");
	private static final Pattern NDC = Pattern.compile("[0-9]{4}-[0-9]{4}-[0-9]{2}|[0-9]{5}-[0-9]{3}-[0-9]{2}"
			+ "|[0-9]{5}-[0-9]{4}-[0-9]{1,2}|[0-9]{4}-[0-9]{4}|[0-9]{5}-[0-9]{3,4}|[0-9]{10,11}");

	private static final int[][] D = {
			{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
			{3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
			{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
			{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
	private static final int[][] P = {
			{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
			{8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
			{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

	private CodeSyntax() {}

	/**
	 * Why the coding's code is not a well-formed code of its system, or empty when it is, or when its system has no form
	 * checked here.
	 */
	public static Optional<String> problem(Coding coding) {
		if (coding == null || !coding.hasSystem() || !coding.hasCode()) {
			return Optional.empty();
		}
		String system = ConceptSet.system(coding.getSystem());
		String code = ConceptSet.code(system, coding.getCode());
		if (ConceptSet.ICD10CM.equals(system) && !ICD10CM.matcher(code).matches()) {
			return Optional.of("is not written as an ICD-10-CM code (a letter, two characters, then at most a dot and"
					+ " four more)");
		}
		if (ConceptSet.ICD10.equals(system) && !ICD10.matcher(code).matches()) {
			return Optional.of("is not written as an ICD-10 code (a letter, two digits, then at most a dot and two"
					+ " digits)");
		}
		if (ConceptSet.ICD10PCS.equals(system) && !ICD10PCS.matcher(code).matches()) {
			return Optional.of("is not written as an ICD-10-PCS code (seven digits or capital letters other than I and O)");
		}
		if (ConceptSet.NDC.equals(system) && !NDC.matcher(code).matches()) {
			return Optional.of("is not written as an NDC (ten digits as 4-4-2, 5-3-2 or 5-4-1, eleven as 5-4-2, or a"
					+ " labeler-product code)");
		}
		if (ConceptSet.RXNORM.equals(system) && !RXCUI.matcher(code).matches()) {
			return Optional.of("is not an RxNorm concept identifier (RXCUI: one to eight digits)");
		}
		if (ConceptSet.SNOMED.equals(system) && !isConceptId(code)) {
			return Optional.of("is not a SNOMED CT concept identifier (an expression, a term, or a digit wrong or"
					+ " missing)");
		}
		return Optional.empty();
	}

	/**
	 * The coding and why it is not a well-formed code of its system, as a record's message names it:
	 * {@code (http://hl7.org/fhir/sid/ndc "620640241") is not written as an NDC (...)}; empty when it is well formed.
	 */
	public static Optional<String> named(Coding coding) {
		return problem(coding).map(problem -> "(" + coding.getSystem() + " \"" + coding.getCode() + "\") " + problem);
	}

	static boolean isConceptId(String code) {
		if (!SCTID.matcher(code).matches()) {
			return false;
		}
		String partition = code.substring(code.length() - 3, code.length() - 1);
		return (partition.equals("00") || partition.equals("10")) && verhoeffValid(code);
	}

	private static boolean verhoeffValid(String digits) {
		int check = 0;
		for (int i = 0; i < digits.length(); i++) {
			int digit = digits.charAt(digits.length() - 1 - i) - '0';
			check = D[check][P[i % 8][digit]];
		}
		return check == 0;
	}
}
