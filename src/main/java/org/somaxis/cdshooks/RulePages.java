package org.somaxis.cdshooks;

import java.util.stream.Collectors;
import org.somaxis.guidance.Citation;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.RuleSpec;
import org.springframework.web.util.HtmlUtils;

/** The page each card's {@code source.url} points at: one small HTML page per rule, from the knowledge data. */
public final class RulePages {
	private final Knowledge knowledge;

	public RulePages(Knowledge knowledge) {
		this.knowledge = knowledge;
	}

	/** @return the page, or null for an unknown rule id */
	public String page(String ruleId) {
		if (CardRenderer.INCOMPLETE.equals(ruleId)) {
			return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + CardRenderer.INCOMPLETE
					+ "</title></head><body><h1>Guidance may be incomplete</h1><p>This card appears when some of the"
					+ " patient's data could not be used (a unit that cannot be converted, a result without a date, a"
					+ " missing birth date, a peptide order that could not be read) or when a rule could not be"
					+ " evaluated. The card lists each problem. Findings that need that data may be missing.</p></body></html>";
		}
		RuleSpec rule = knowledge.rules().get(ruleId);
		if (rule == null) {
			return null;
		}
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
				.append(e(rule.id())).append("</title></head><body>")
				.append("<h1>Guidance rule ").append(e(rule.id())).append("</h1>")
				.append("<p>Version ").append(e(rule.version())).append(", category ")
				.append(e(rule.category().name().toLowerCase())).append(", severity ")
				.append(e(rule.severity().indicator()))
				.append(rule.elevatedSeverity() == null ? "" : " (elevated: " + e(rule.elevatedSeverity().indicator()) + ")")
				.append(", faces ")
				.append(e(rule.faces().stream().map(face -> face.abbreviation()).sorted().collect(Collectors.joining(", "))))
				.append(".</p><p><em>").append(e(knowledge.decisionSupportNotice())).append("</em></p>")
				.append("<h2>Summary</h2><p>").append(e(rule.summary())).append("</p>")
				.append("<h2>Detail</h2><pre>").append(e(rule.detail())).append("</pre>");
		if (!rule.overrideReasons().isEmpty()) {
			html.append("<h2>Override reasons</h2><ul>");
			rule.overrideReasons().forEach(reason -> html.append("<li>").append(e(reason.display())).append(" (")
					.append(e(reason.code())).append(")</li>"));
			html.append("</ul>");
		}
		html.append("<h2>Sources</h2><ul>");
		for (Citation citation : knowledge.citations(rule.sources())) {
			html.append("<li>");
			if (citation.url().isEmpty()) {
				html.append(e(citation.label()));
			} else {
				html.append("<a href=\"").append(e(citation.url())).append("\">").append(e(citation.label())).append("</a>");
			}
			if (!citation.text().isEmpty()) {
				html.append(": ").append(e(citation.text()));
			}
			html.append("</li>");
		}
		return html.append("</ul></body></html>").toString();
	}

	private static String e(String text) {
		return text == null ? "" : HtmlUtils.htmlEscape(text);
	}
}
