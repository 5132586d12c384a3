package dev.sotbackup.deployment;

import java.io.IOException;

/** A deployment description that cannot be used; the message is the one line the operator sees. */
public final class DeploymentConfigException extends IOException {
    public DeploymentConfigException(String message) {
        super(message);
    }
}
