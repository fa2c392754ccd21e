package org.somaxis.guidance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from the record (a code's display, a Condition's text, a message quoting them) placed into the markdown of a
 * finding's detail or a CDS card: its markdown and HTML characters are escaped, so that it shows as written and never
 * becomes a link, emphasis or markup. A display such as {@code [link](http://evil.example) **urgent**} in a critical
 * card was rendered as a link and bold text (probe 51, P51-M2); its line breaks (which start new blocks) become spaces,
 * and a bare address ({@code http://...}, {@code www....}) is kept from becoming a link (probe 52, P52-m2). Faces that
 * show the detail as plain text take the escapes out again ({@link #plain}).
 */
public final class Markdown {
	/**
	 * CommonMark's ASCII punctuation that can start markup where record text may stand, '&' (entities) and '@' (GFM's
	 * e-mail autolinks; probe 53).
	 */
	private static final Pattern SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>#!|~&@]");
	/** Line breaks, which would start a new block (a heading, a list, a code block) in the middle of a card. */
	private static final Pattern BREAKS = Pattern.compile("[\\r\\n\\t\\u2028\\u2029]+");
	/** GFM's extended autolinks: a scheme's "://" and "www.", which make a bare address a link. */
	private static final Pattern AUTOLINK = Pattern.compile(":(?=//)|(?<=(?i:www))\\.");
	private static final Pattern ESCAPED = Pattern.compile("\\\\([\\\\`*_\\[\\]<>#!|~&@:.])");

	private Markdown() {}

	/** {@code text} as markdown that shows it as written. */
	public static String escape(String text) {
		String oneLine = BREAKS.matcher(text).replaceAll(" ");
		String escaped = SPECIAL.matcher(oneLine).replaceAll(match -> Matcher.quoteReplacement("\\" + match.group()));
		return AUTOLINK.matcher(escaped).replaceAll(match -> Matcher.quoteReplacement("\\" + match.group()));
	}

	/** Markdown with the escapes of {@link #escape} taken out, for a face that shows it as plain text. */
	public static String plain(String markdown) {
		return ESCAPED.matcher(markdown).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
	}
}
