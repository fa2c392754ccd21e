package org.somaxis.guidance;

import java.util.Objects;

/** A source a finding rests on: a short label plus a URL or a free-text reference (either may be empty). */
public record Citation(String id, String label, String url, String text) {
	public Citation {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(label, "label");
		url = url == null ? "" : url;
		text = text == null ? "" : text;
	}
}
