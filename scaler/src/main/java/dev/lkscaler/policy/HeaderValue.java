package dev.lkscaler.policy;

import java.util.Objects;

/**
 * The value of an extra Prometheus request header. Values given as a mapping are secret: read from
 * the environment or a mounted file at request time, or written inline but marked, and never shown
 * by toString, in errors or in logs.
 */
public sealed interface HeaderValue
    permits HeaderValue.Plain,
        HeaderValue.Secret,
        HeaderValue.FromEnv,
        HeaderValue.FromFile,
        HeaderValue.BasicAuth {

  boolean secret();

  /** A value that may be shown, such as a tenant id. */
  record Plain(String value) implements HeaderValue {
    public Plain {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean secret() {
      return false;
    }
  }

  /** An inline value marked secret. */
  record Secret(String value) implements HeaderValue {
    public Secret {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean secret() {
      return true;
    }

    @Override
    public String toString() {
      return "Secret[***]";
    }
  }

  /** {@code prefix} + the value of an environment variable, e.g. a token from a Secret. */
  record FromEnv(String variable, String prefix) implements HeaderValue {
    public FromEnv {
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public boolean secret() {
      return true;
    }

    @Override
    public String toString() {
      return "FromEnv[" + variable + "]";
    }
  }

  /**
   * {@code prefix} + a file's content without its trailing newline, read at each request so
   * rotation works.
   */
  record FromFile(String path, String prefix) implements HeaderValue {
    public FromFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public boolean secret() {
      return true;
    }

    @Override
    public String toString() {
      return "FromFile[" + path + "]";
    }
  }

  /**
   * {@code Basic base64(username:password)}, the password read from a file at each request so
   * rotation works.
   */
  record BasicAuth(String username, String passwordFile) implements HeaderValue {
    public BasicAuth {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(passwordFile, "passwordFile");
    }

    @Override
    public boolean secret() {
      return true;
    }

    @Override
    public String toString() {
      return "BasicAuth[" + username + ", " + passwordFile + "]";
    }
  }
}
