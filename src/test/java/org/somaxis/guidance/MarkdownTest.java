package org.somaxis.guidance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownTest {
	/** Record text shows as written in a card: no link, emphasis or markup; the plain face gets it back unchanged. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"[link](http://evil.example) **urgent**", "<script>alert(1)</script>", "u[IU]/mL",
		"C50.911 Malignant neoplasm", "_x_ `code` # h ! | ~ \\ back", ">53.0 mmol/mol"})
	void escapedText_hasNoMarkupLeft_andComesBackAsWritten(String text) {
		String escaped = Markdown.escape(text);

		assertThat(escaped).doesNotContainPattern("(?<!\\\\)[\\[\\]*_<>`#!|~]");
		assertThat(Markdown.plain(escaped)).isEqualTo(text);
	}

	/** Line breaks started new blocks mid-card, and bare addresses were links (probe 52, P52-m2). */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"Breast ca\n\n# HEADING\n1. item\n---", "see http://evil.example/x", "www.evil.example",
		"a &amp; b", "mail me@evil.example"})
	void lineBreaksAndBareAddresses_stayText(String text) {
		String escaped = Markdown.escape(text);

		assertThat(escaped).doesNotContain("\n").doesNotContainPattern("(?<!\\\\):(?=//)").doesNotContainPattern("(?i)www\\.")
				.doesNotContainPattern("(?<!\\\\)[&@]");
		assertThat(Markdown.plain(escaped)).isEqualTo(text.replace("\n\n", " ").replace("\n", " "));
	}
}
