package dev.sotbackup.repository.crypto;

/** The password does not open a key file: the key derived from it fails the GCM tag of the wrapped master key. */
public final class WrongPasswordException extends Exception {
    public WrongPasswordException(String message) {
        super(message);
    }
}
