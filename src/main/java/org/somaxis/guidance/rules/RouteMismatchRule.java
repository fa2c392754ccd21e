package org.somaxis.guidance.rules;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.ConceptSet;
import org.somaxis.guidance.knowledge.PeptideSpec;
import org.somaxis.guidance.record.Codes;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * route-mismatch: a peptide ordered by a route other than its usual one (knowledge/peptides.yaml): MK-677 other than
 * orally, an injectable peptide orally, intravenously or intramuscularly (tesamorelin's label is subcutaneous only).
 * One finding per order: a blend's peptides (one order, several peptides) are named together. When they are not all
 * given by one route (MK-677 in a vial with ipamorelin), no route is right for the product, so none is set.
 */
public final class RouteMismatchRule implements Rule {
	private static final String MIXED_ROUTES = "mixed-routes";

	@Override
	public String id() {
		return "route-mismatch";
	}

	@Override
	public Set<String> phrases() {
		return Set.of(MIXED_ROUTES);
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Map<String, List<PeptideOrder>> byOrder = new LinkedHashMap<>();
		for (PeptideOrder order : record.peptides()) {
			if (context.knowledge().peptide(order.code()).isPresent() && !order.routeCode().isEmpty()
					&& order.changeable()) { // a given dose is no order
				byOrder.computeIfAbsent(order.resourceId(), id -> new ArrayList<>()).add(order);
			}
		}
		List<Finding> findings = new ArrayList<>();
		for (List<PeptideOrder> peptides : byOrder.values()) {
			List<PeptideOrder> mismatched = peptides.stream()
					.filter(order -> !order.routeCode().equals(usualRoute(order, context)))
					.toList();
			if (mismatched.isEmpty()) {
				continue;
			}
			Set<String> usualRoutes = peptides.stream().map(order -> usualRoute(order, context))
					.collect(Collectors.toCollection(java.util.TreeSet::new));
			FindingBuilder finding = context.finding(id(), record)
					.implicate(mismatched)
					.value("peptide", mismatched.stream().map(PeptideOrder::display).distinct()
							.collect(Collectors.joining(", ")))
					.value("route", routeName(mismatched.get(0).routeCode()))
					.value("usual-route", mismatched.stream().map(order -> routeName(usualRoute(order, context))).distinct()
							.collect(Collectors.joining(" or ")))
					.value(MIXED_ROUTES, "");
			if (usualRoutes.size() > 1) {
				finding.valuePhrase(MIXED_ROUTES, MIXED_ROUTES).actOn(List.of());
			}
			findings.add(finding.build());
		}
		return findings;
	}

	private static String usualRoute(PeptideOrder order, RuleContext context) {
		return context.knowledge().peptide(order.code()).map(PeptideSpec::usualRoute).orElseThrow();
	}

	private static String routeName(String code) {
		return switch (code) {
			case Codes.ORAL_ROUTE -> "oral";
			case Codes.SUBCUTANEOUS_ROUTE -> "subcutaneous";
			// a route of HL7 v2 or v3 with no SNOMED CT equivalent here (Knowledge#mappedRoute): its code
			default -> code.contains("|") ? (code.startsWith(ConceptSet.V2_ROUTES) ? "HL7 v2 " : "HL7 v3 ")
					+ code.substring(code.indexOf('|') + 1) : "SNOMED " + code;
		};
	}
}
