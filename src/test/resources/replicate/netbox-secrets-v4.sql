-- Production-like secrets and active automation on top of the NetBox 4.2 demo dump (replicate tests).
INSERT INTO public.users_token (id, created, expires, key, write_enabled, description, user_id, allowed_ips, last_used)
VALUES (1, now(), NULL, '0123456789abcdef0123456789abcdef01234567', true, 'automation', 1, NULL, NULL),
       (2, now(), NULL, 'fedcba9876543210fedcba9876543210fedcba98', false, 'read only', 2, '{10.0.0.0/8}', now());
INSERT INTO public.extras_webhook (id, name, payload_url, http_method, http_content_type, additional_headers,
    body_template, secret, ssl_verification, ca_file_path, created, last_updated, custom_field_data, description)
VALUES (1, 'ticketing', 'https://tickets.example.com/hook', 'POST', 'application/json',
        'Authorization: Bearer prod-ticket-token', '', 'prod-webhook-secret', true, NULL, now(), now(), '{}', '');
INSERT INTO public.extras_eventrule (id, created, last_updated, custom_field_data, name, description, enabled,
    conditions, action_type, action_object_id, action_data, comments, action_object_type_id, event_types)
VALUES (1, now(), now(), '{}', 'device changes', '', true, NULL, 'webhook', 1, NULL, '',
        (SELECT id FROM public.django_content_type WHERE app_label = 'extras' AND model = 'webhook'),
        '{object_created,object_updated}');
INSERT INTO public.core_datasource (id, created, last_updated, custom_field_data, description, comments, name, type,
    source_url, status, enabled, ignore_rules, parameters, last_synced)
VALUES (1, now(), now(), '{}', '', '', 'configs', 'git', 'https://git.example.com/netbox/configs.git', 'completed',
        true, '', '{"username": "netbox-sync", "password": "prod-git-password", "branch": "main"}', now()),
       (2, now(), now(), '{}', '', '', 'templates', 'amazon-s3', 's3://bucket/templates', 'new', true, '',
        '{"aws_access_key_id": "AKIAEXAMPLE", "aws_secret_access_key": "prod-s3-secret"}', NULL);
INSERT INTO public.core_job (id, object_id, name, created, scheduled, "interval", started, completed, status, data,
    job_id, object_type_id, user_id, error)
VALUES (1, 1, 'configs sync', now(), now() + interval '1 hour', 60, NULL, NULL, 'scheduled', NULL,
        '6b1f7c1e-3f5d-4a59-9f4e-0c1b2d3e4f50', NULL, 1, ''),
       (2, NULL, 'housekeeping', now() - interval '1 day', NULL, NULL, now() - interval '1 day',
        now() - interval '1 day', 'completed', NULL, '6b1f7c1e-3f5d-4a59-9f4e-0c1b2d3e4f51', NULL, NULL, '');
INSERT INTO public.social_auth_usersocialauth (id, provider, uid, user_id, created, modified, extra_data)
VALUES (1, 'azuread-oauth2', 'alice@example.com', 2, now(), now(), '{"access_token": "prod-oauth-token"}');
INSERT INTO public.core_objectchange (id, "time", user_name, request_id, action, changed_object_id,
    related_object_id, object_repr, prechange_data, postchange_data, changed_object_type_id,
    related_object_type_id, user_id)
SELECT n, now() - n * interval '1 minute', 'admin', gen_random_uuid(), 'update', 1, NULL, 'site ' || n,
       '{"name": "before"}', '{"name": "after"}',
       (SELECT id FROM public.django_content_type WHERE app_label = 'dcim' AND model = 'site'), NULL, 1
  FROM generate_series(1, 25) AS n;
-- Credentials that hide in ordinary fields: e-mail addresses, a Slack webhook (token in the path), a query-string
-- API key, a data source URL with user information and query, a non-standard parameter key, a Wi-Fi PSK, OAuth
-- state, and a changelog that recorded a webhook's secret and a user's e-mail.
UPDATE public.users_user SET email = username || '@prod-corp.example.com' WHERE username <> 'edward';
UPDATE public.extras_webhook SET payload_url = 'https://tickets.example.com/hook?apikey=prod-query-key' WHERE id = 1;
INSERT INTO public.extras_webhook (id, name, payload_url, http_method, http_content_type, additional_headers,
    body_template, secret, ssl_verification, ca_file_path, created, last_updated, custom_field_data, description)
VALUES (2, 'chatops', 'https://hooks.slack.com/services/T0PROD/B0PROD/slackprodtoken123', 'POST', 'application/json',
        '', '', '', true, NULL, now(), now(), '{}', '');
INSERT INTO public.core_datasource (id, created, last_updated, custom_field_data, description, comments, name, type,
    source_url, status, enabled, ignore_rules, parameters, last_synced)
VALUES (3, now(), now(), '{}', '', '', 'scripts', 'git',
        'https://deploy:ghp_produrltoken@git.example.com/netbox/scripts.git?private_token=prod-url-query#main',
        'new', true, '', '{"api_key": "prod-api-key", "branch": "dev"}', NULL);
INSERT INTO public.wireless_wirelesslan (created, last_updated, custom_field_data, id, ssid, group_id, description,
    auth_cipher, auth_psk, auth_type, vlan_id, tenant_id, comments, status)
VALUES (now(), now(), '{}', 1, 'corp', NULL, '', 'aes', 'prod-wifi-psk', 'wpa-personal', NULL, NULL, '', 'active');
INSERT INTO public.social_auth_partial (id, token, next_step, backend, "timestamp", data)
VALUES (1, 'prod-partial-token', 0, 'azuread-oauth2', now(), '{}');
INSERT INTO public.core_objectchange (id, "time", user_name, request_id, action, changed_object_id,
    related_object_id, object_repr, prechange_data, postchange_data, changed_object_type_id,
    related_object_type_id, user_id)
VALUES (101, now(), 'admin', gen_random_uuid(), 'update', 2, NULL, 'chatops', '{"name": "chatops", "secret": ""}',
        '{"name": "chatops", "secret": "prod-history-secret", "payload_url": "https://hooks.slack.com/services/T0PROD/B0PROD/slackprodtoken123"}',
        (SELECT id FROM public.django_content_type WHERE app_label = 'extras' AND model = 'webhook'), NULL, 1),
       (102, now(), 'admin', gen_random_uuid(), 'update', 2, NULL, 'alice', NULL,
        '{"username": "alice", "email": "alice@prod-corp.example.com"}',
        (SELECT id FROM public.django_content_type WHERE app_label = 'users' AND model = 'user'), NULL, 1);
