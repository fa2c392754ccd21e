package org.somaxis.guidance.record;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * R4 lets any primitive carry extensions without a value: a data-absent-reason in place of a gender, a birth date, a
 * dose or a code ({@code "_gender": {"extension": [...]}}), as registration systems, labs and pharmacies send them. HAPI's
 * {@code hasX()} is true for such an element and its value is null, so every reader would have to tell the two apart,
 * and a reader that did not made the whole evaluation fail (500: every card lost, the contraindications among them).
 * The record reads such a value as absent, as what it is: each resource that holds one is read as a copy without it
 * (and without the extensions that said why), but for a birth date that carries a time of birth; one that holds none
 * is read as it is. The caller keeps the originals, so a
 * card's action changes the resource as it was sent.
 */
public final class ValuelessPrimitives {
	private ValuelessPrimitives() {
	}

	/** The resources as the record reads them: a copy without its valueless primitives of each that has one. */
	public static List<Resource> removedFrom(List<? extends Resource> resources) {
		List<Resource> readable = new ArrayList<>(resources.size());
		for (Resource resource : resources) {
			readable.add(removedFrom(resource));
		}
		return readable;
	}

	/** The resource itself when it holds no valueless primitive, else a copy without them. */
	public static Resource removedFrom(Resource resource) {
		if (resource == null || !holdsOne(resource)) {
			return resource;
		}
		Resource copy = resource.copy();
		remove(copy);
		return copy;
	}

	private static boolean holdsOne(Base element) {
		for (Property property : element.children()) {
			for (Base value : property.getValues()) {
				if (value instanceof PrimitiveType<?> primitive ? primitive.getValue() == null : holdsOne(value)) {
					return true;
				}
			}
		}
		return false;
	}

	private static void remove(Base element) {
		for (Property property : element.children()) {
			for (Base value : List.copyOf(property.getValues())) {
				if (value instanceof PrimitiveType<?> primitive) {
					// a birth date known only by its time of birth is read from that (PatientRecordAssembler#birthDate)
					if (primitive.getValue() == null && !primitive.hasExtension(PatientRecordAssembler.BIRTH_TIME)) {
						element.removeChild(property.getName(), value);
					}
				} else {
					remove(value);
				}
			}
		}
	}
}
