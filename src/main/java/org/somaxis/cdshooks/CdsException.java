package org.somaxis.cdshooks;

/** A refusal with its HTTP status (400, 404, 412, 401): the controller writes it as {@link CdsJson.Error}. */
public final class CdsException extends RuntimeException {
	private final int status;

	public CdsException(int status, String message) {
		super(message);
		this.status = status;
	}

	public int status() {
		return status;
	}

	public static CdsException badRequest(String message) {
		return new CdsException(400, message);
	}

	public static CdsException preconditionFailed(String message) {
		return new CdsException(412, message);
	}
}
