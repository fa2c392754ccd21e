package org.somaxis.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;

/** A request whose body the guard has already read (and inflated, if it was gzip) into memory. */
class CachedBodyRequest extends HttpServletRequestWrapper {
	private final byte[] body;
	private final boolean replacesContentType;
	private final String contentType;

	CachedBodyRequest(HttpServletRequest request, byte[] body) {
		super(request);
		this.body = body;
		this.replacesContentType = false;
		this.contentType = null;
	}

	/** As the other constructor, with this {@code Content-Type} in place of the request's: null for none. */
	CachedBodyRequest(HttpServletRequest request, byte[] body, String contentType) {
		super(request);
		this.body = body;
		this.replacesContentType = true;
		this.contentType = contentType;
	}

	@Override
	public String getContentType() {
		return replacesContentType ? contentType : super.getContentType();
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream in = new ByteArrayInputStream(body);
		return new ServletInputStream() {
			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return in.read(b, off, len);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("synchronous reads only");
			}
		};
	}

	@Override
	public BufferedReader getReader() {
		Charset charset = getCharacterEncoding() == null
				? StandardCharsets.UTF_8
				: Charset.forName(getCharacterEncoding());
		return new BufferedReader(new InputStreamReader(getInputStream(), charset));
	}

	@Override
	public int getContentLength() {
		return body.length;
	}

	@Override
	public long getContentLengthLong() {
		return body.length;
	}

	@Override
	public String getHeader(String name) {
		if ("Content-Encoding".equalsIgnoreCase(name)) {
			return null;
		}
		if ("Content-Length".equalsIgnoreCase(name)) {
			return Integer.toString(body.length);
		}
		if (replacesContentType && "Content-Type".equalsIgnoreCase(name)) {
			return contentType;
		}
		return super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if ("Content-Encoding".equalsIgnoreCase(name)) {
			return Collections.emptyEnumeration();
		}
		if (replacesContentType && "Content-Type".equalsIgnoreCase(name)) {
			return contentType == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(contentType));
		}
		return super.getHeaders(name);
	}
}
