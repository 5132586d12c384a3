-- Production-like secrets on top of the NetBox 3.7 demo dump (auth_user, extras_objectchange; replicate tests).
INSERT INTO public.users_token (id, created, expires, key, write_enabled, description, user_id, allowed_ips, last_used)
VALUES (1, now(), NULL, '0123456789abcdef0123456789abcdef01234567', true, 'automation', 1, NULL, NULL);
INSERT INTO public.extras_webhook (id, name, payload_url, http_method, http_content_type, additional_headers,
    body_template, secret, ssl_verification, ca_file_path, created, last_updated, custom_field_data, description)
VALUES (1, 'ticketing', 'https://tickets.example.com/hook', 'POST', 'application/json',
        'Authorization: Bearer prod-ticket-token', '', 'prod-webhook-secret', true, NULL, now(), now(), '{}', '');
INSERT INTO public.extras_eventrule (id, created, last_updated, custom_field_data, name, description, type_create,
    type_update, type_delete, type_job_start, type_job_end, enabled, conditions, action_type, action_object_id,
    action_parameters, action_data, comments, action_object_type_id)
VALUES (1, now(), now(), '{}', 'device changes', '', true, true, false, false, false, true, NULL, 'webhook', 1,
        NULL, NULL, '', (SELECT id FROM public.django_content_type WHERE app_label = 'extras' AND model = 'webhook'));
INSERT INTO public.extras_objectchange (id, "time", user_name, request_id, action, changed_object_id,
    related_object_id, object_repr, prechange_data, postchange_data, changed_object_type_id,
    related_object_type_id, user_id)
SELECT n, now() - n * interval '1 minute', 'admin', gen_random_uuid(), 'update', 1, NULL, 'site ' || n,
       '{"name": "before"}', '{"name": "after"}',
       (SELECT id FROM public.django_content_type WHERE app_label = 'dcim' AND model = 'site'), NULL, 1
  FROM generate_series(1, 10) AS n;
