package dev.sotbackup.kubernetes;

/**
 * The cluster could not be reached, or the deployment's stores could not be found in it: no access, wrong
 * namespace, no primary, a missing secret, a forbidden request. The message is one line meant for the user as is;
 * it never contains a secret's value.
 */
public final class KubernetesFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KubernetesFailure(String message) {
        super(message);
    }

    public KubernetesFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
