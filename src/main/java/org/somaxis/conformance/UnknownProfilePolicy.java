package org.somaxis.conformance;

/**
 * What a write (and {@code $validate}) does with a profile declared in {@code meta.profile} that this server does
 * not hold ({@code somaxis.conformance.unknown-profile}).
 */
public enum UnknownProfilePolicy {
	/** Accept silently. */
	IGNORE,
	/** Accept, with a warning on the response naming the profile (default). */
	WARN,
	/** Refuse with 422, like an error against a held profile. */
	REJECT
}
