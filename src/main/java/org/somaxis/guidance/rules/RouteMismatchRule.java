package org.somaxis.guidance.rules;

import java.util.ArrayList;
import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.PeptideSpec;
import org.somaxis.guidance.record.Codes;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * route-mismatch: a peptide ordered by a route other than its usual one (knowledge/peptides.yaml): MK-677 other than
 * orally, an injectable peptide orally, intravenously or intramuscularly (tesamorelin's label is subcutaneous only).
 */
public final class RouteMismatchRule implements Rule {
	@Override
	public String id() {
		return "route-mismatch";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<Finding> findings = new ArrayList<>();
		for (PeptideOrder order : record.peptides()) {
			PeptideSpec spec = context.knowledge().peptide(order.code()).orElse(null);
			if (spec == null || order.routeCode().isEmpty() || !order.changeable()) { // a given dose is no order
				continue;
			}
			if (!order.routeCode().equals(spec.usualRoute())) {
				findings.add(context.finding(id(), record)
						.implicate(order)
						.value("peptide", order.display())
						.value("route", routeName(order.routeCode()))
						.value("usual-route", routeName(spec.usualRoute()))
						.build());
			}
		}
		return findings;
	}

	private static String routeName(String code) {
		return switch (code) {
			case Codes.ORAL_ROUTE -> "oral";
			case Codes.SUBCUTANEOUS_ROUTE -> "subcutaneous";
			default -> "SNOMED " + code;
		};
	}
}
