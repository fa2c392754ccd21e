package org.somaxis.settings;

/**
 * A setting the server cannot start with: which one, what is wrong with it and what to do. Spring Boot reports it as
 * "APPLICATION FAILED TO START" with those three and no stack trace ({@link StartupFailureAnalyzers}).
 */
public final class SettingException extends RuntimeException {
	private final String setting;
	private final String action;

	/**
	 * @param setting the property, as the README's settings table names it ({@code somaxis.conformance.packages})
	 * @param problem what is wrong with its value
	 * @param action what the operator does about it
	 */
	public SettingException(String setting, String problem, String action) {
		this(setting, problem, action, null);
	}

	public SettingException(String setting, String problem, String action, Throwable cause) {
		super(setting + ": " + problem, cause);
		this.setting = setting;
		this.action = action;
	}

	public String setting() {
		return setting;
	}

	public String action() {
		return action;
	}
}
