package org.somaxis.gather;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * Times that R4 does not allow but HAPI's parser reads: a time of day without a time zone ({@code 2026-03-02T10:00:00},
 * as HL7 v2 converters turn a TS without an offset into) or without seconds ({@code 2026-03-02T10:00Z}). A write refuses
 * both (the validator's dateTime format); data sent inline, in a CDS prefetch or by a remote server is not validated, so
 * the guidance reads them, a time without a zone in the server's zone, which may put a result near midnight on another
 * day. The clinician is told, in one message per source, with the first few values: before, such data was read without
 * a word (probe 46, N-M6).
 */
final class ZonelessTimes {
	private static final int EXAMPLES = 3;

	private ZonelessTimes() {
	}

	/** One message naming the times without a zone or seconds among the resources, if any. */
	static Optional<String> named(List<? extends Resource> resources, String where) {
		List<String> found = new ArrayList<>();
		int[] count = {0};
		for (Resource resource : resources) {
			visit(resource, resource.fhirType() + "/" + resource.getIdElement().getIdPart(), found, count);
		}
		if (count[0] == 0) {
			return Optional.empty();
		}
		return Optional.of(where + " has " + count[0] + (count[0] == 1 ? " time" : " times") + " that R4 does not allow"
				+ " (a write refuses them): " + String.join("; ", found) + (count[0] > found.size() ? "; and " + (count[0] - found.size()) + " more" : "")
				+ ". A time without a time zone was read as the server's (" + TimeZone.getDefault().getID() + "), which may"
				+ " put a record near midnight on another day - please check the sending system");
	}

	private static void visit(Base element, String path, List<String> found, int[] count) {
		for (Property property : element.children()) {
			for (Base value : property.getValues()) {
				String name = path + "." + property.getName().replace("[x]", choiceSuffix(value));
				if (value instanceof BaseDateTimeType time) {
					String why = why(time);
					if (why != null && count[0]++ < EXAMPLES) {
						found.add(name + " '" + time.getValueAsString() + "' " + why);
					}
				}
				// a primitive's extensions too: a time of birth rides on the birth date
				if (!value.isPrimitive() || value instanceof Element primitive && primitive.hasExtension()) {
					visit(value, name, found, count);
				}
			}
		}
	}

	/** Why R4 does not allow this time, or null: only a value with a time of day can lack a zone or seconds. */
	private static String why(BaseDateTimeType time) {
		if (time.getValue() == null || time.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
			return null;
		}
		if (time.getTimeZone() == null) {
			return "has no time zone";
		}
		return time.getPrecision() == TemporalPrecisionEnum.MINUTE ? "has no seconds" : null;
	}

	private static String choiceSuffix(Base value) {
		String type = value.fhirType();
		return type.isEmpty() ? "" : Character.toUpperCase(type.charAt(0)) + type.substring(1);
	}
}
