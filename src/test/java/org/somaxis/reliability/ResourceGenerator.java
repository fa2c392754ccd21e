package org.somaxis.reliability;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Random;
import java.util.Set;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Seeded variations of real resources for the round-trip invariants (no jqwik: a {@link Random} with a logged
 * seed replays any failure). Every string (except reference strings), decimal, date and dateTime of the seed resource gets a random value:
 * strings from several scripts with emoji (valid surrogate pairs), quotes, {@code <}, {@code &} and backslashes;
 * decimals of random scale; dates and dateTimes at every precision.
 */
final class ResourceGenerator {
	private static final String[] ALPHABETS = {
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
		"äöüßéèêçñåøæ", "абвгдежзийклмнопрст", "αβγδεζηθικλμ", "日本語中文한국어", "\"'<>&\\/{}[]:,#%",
		"\uD83D\uDE00\uD83E\uDDEC\uD83D\uDC89"
	};

	private final FhirTerser terser;
	private final Random random;

	ResourceGenerator(FhirContext fhirContext, long seed) {
		this.terser = fhirContext.newTerser();
		this.random = new Random(seed);
	}

	/** A copy of {@code seed} with every string, decimal, date and dateTime value replaced. */
	<T extends Resource> T vary(T seed) {
		@SuppressWarnings("unchecked")
		T copy = (T) seed.copy();
		// Reference.reference is a plain string in the model, but not free text: HAPI's encoder rewrites one that is
		// neither Type/id nor a URL (it drops everything up to the last '/'), and the server refuses such references.
		Set<StringType> references = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Reference reference : terser.getAllPopulatedChildElementsOfType(copy, Reference.class)) {
			references.add(reference.getReferenceElement_());
		}
		for (StringType string : terser.getAllPopulatedChildElementsOfType(copy, StringType.class)) {
			if (string.getClass() == StringType.class && !references.contains(string)) {
				string.setValue(text());
			}
		}
		for (DecimalType decimal : terser.getAllPopulatedChildElementsOfType(copy, DecimalType.class)) {
			decimal.setValueAsString(decimal());
		}
		for (DateTimeType dateTime : terser.getAllPopulatedChildElementsOfType(copy, DateTimeType.class)) {
			dateTime.setValueAsString(dateTime());
		}
		for (DateType date : terser.getAllPopulatedChildElementsOfType(copy, DateType.class)) {
			String generated = dateTime();
			date.setValueAsString(generated.substring(0, Math.min(10, generated.length())));
		}
		return copy;
	}

	String text() {
		int length = 1 + random.nextInt(40);
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			String alphabet = ALPHABETS[random.nextInt(ALPHABETS.length)];
			int at = random.nextInt(alphabet.length());
			if (Character.isHighSurrogate(alphabet.charAt(at))) {
				text.append(alphabet, at, at + 2);
			} else if (Character.isLowSurrogate(alphabet.charAt(at))) {
				text.append(alphabet, at - 1, at + 1);
			} else {
				text.append(alphabet.charAt(at));
			}
			if (random.nextInt(8) == 0 && text.length() < length - 1) {
				text.append(' ');
			}
		}
		return text.toString().strip().isEmpty() ? "x" : text.toString().strip();
	}

	String decimal() {
		BigDecimal value = BigDecimal.valueOf(random.nextLong() % 1_000_000_000L, random.nextInt(12));
		// no exponent notation: HAPI's JSON parser rewrites 5.5e23 as 550000000000000000000000 (equal value, other
		// text and precision), see RoundTripInvariantTest#jsonParser_writesExponentDecimalsInPlainNotation
		return random.nextBoolean() ? value.toPlainString() : value.stripTrailingZeros().toPlainString();
	}

	String dateTime() {
		int year = 1900 + random.nextInt(200);
		String month = String.format("%02d", 1 + random.nextInt(12));
		String day = String.format("%02d", 1 + random.nextInt(28));
		return switch (random.nextInt(5)) {
			case 0 -> Integer.toString(year);
			case 1 -> year + "-" + month;
			case 2 -> year + "-" + month + "-" + day;
			case 3 -> year + "-" + month + "-" + day + "T" + String.format("%02d:%02d:%02d", random.nextInt(24), random.nextInt(60),
					random.nextInt(60)) + "Z";
			default -> year + "-" + month + "-" + day + "T" + String.format("%02d:%02d:%02d.%03d", random.nextInt(24), random.nextInt(60),
					random.nextInt(60), random.nextInt(1000)) + (random.nextBoolean() ? "+05:30" : "-08:00");
		};
	}
}
