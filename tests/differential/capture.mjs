#!/usr/bin/env node
// Differential-test capture: drive the official Mattermost JS client
// (`Client4` from `@mattermost/client`) against a local recording HTTP server
// and write every request it sends to a JSON file.
//
// Usage:
//   node tests/differential/capture.mjs --node-modules <dir> --out <file.json>
//
// `<dir>` is a node_modules folder in which `@mattermost/client` and
// `@mattermost/types` are installed (see package.json / package-lock.json next
// to this file). Nothing is loaded from the repository itself.
//
// The Rust half of the differential test replays each entry's `args` through
// `mm` and compares the requests it sends with the `requests` recorded here.
//
// Conventions of the output (see also README.md next to this file):
// * `args` is a JSON form of the arguments Client4 was called with.
//   Non-JSON values are encoded as tagged objects:
//     {"$file": {"name", "type", "text"}}   a File / Blob (text content)
//     {"$form": [[name, value], ...]}       a FormData (values may be $file)
//     {"$undefined": true}                  an explicit `undefined` argument
//                                           in the middle of the argument list
//     {"$signal": true}                     an AbortSignal
// * Every request records method, raw path (still percent-encoded, no query),
//   decoded query pairs in order, Content-Type, UTF-8 body, for multipart
//   bodies the parts, and `headers`: request headers other than the ones
//   every Client4 request carries (see `common_headers` at the top level).
// * Multipart boundaries are random in undici; they are replaced by the fixed
//   string in MULTIPART_BOUNDARY so that the output is deterministic.

import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

function parseCli(argv) {
    const opts = { nodeModules: null, out: null, only: null, verbose: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const next = () => {
            if (i + 1 >= argv.length) {
                throw new Error(`missing value after ${a}`);
            }
            i += 1;
            return argv[i];
        };
        if (a === '--node-modules') {
            opts.nodeModules = next();
        } else if (a === '--out') {
            opts.out = next();
        } else if (a === '--only') {
            // Comma-separated list of method names (debugging aid).
            opts.only = new Set(next().split(',').filter(Boolean));
        } else if (a === '--verbose' || a === '-v') {
            opts.verbose = true;
        } else if (a === '--help' || a === '-h') {
            process.stdout.write('usage: capture.mjs --node-modules DIR --out FILE [--only m1,m2] [--verbose]\n');
            process.exit(0);
        } else {
            throw new Error(`unknown argument: ${a}`);
        }
    }
    if (!opts.nodeModules || !opts.out) {
        throw new Error('both --node-modules and --out are required');
    }
    return opts;
}

// ---------------------------------------------------------------------------
// Deterministic fixture values
// ---------------------------------------------------------------------------

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const TS = 1700000000123; // a fixed, recognisable millisecond timestamp
const MULTIPART_BOUNDARY = 'CaptureBoundary7MA4YWxkTrZu0gW';
const TOKEN = 'capturetoken0000000000000a';
const CALL_TIMEOUT_MS = 2000;

// 26 lowercase alphanumerics, like Mattermost ids. The first characters are
// taken from the seed (e.g. "user" for `userId`) so ids stay recognisable in
// paths; the rest comes from a hash of the seed.
function mmId(rawSeed) {
    // `userID` and `userId` name the same thing: give them the same id.
    const seed = rawSeed.replace(/ID(s?)(#\d+)?$/, 'Id$1$2');
    const prefix = seed.replace(/(Ids|IDs|Id|ID)(#\d+)?$/, '').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10);
    const digest = createHash('sha256').update(seed).digest();
    let out = prefix;
    for (let i = 0; out.length < 26; i++) {
        out += ALPHABET[digest[i % digest.length] % ALPHABET.length];
    }
    return out;
}

function mmIds(seed, n = 2) {
    return Array.from({ length: n }, (_, k) => mmId(`${seed}#${k}`));
}

const ID = {
    user: mmId('userId'),
    otherUser: mmId('otherUserId'),
    team: mmId('teamId'),
    channel: mmId('channelId'),
    post: mmId('postId'),
    rootPost: mmId('rootId'),
    file: mmId('fileId'),
    hook: mmId('hookId'),
    command: mmId('commandId'),
    app: mmId('appId'),
    connection: mmId('connectionId'),
    emoji: mmId('emojiId'),
    scheme: mmId('schemeId'),
    role: mmId('roleId'),
    category: mmId('categoryId'),
    remote: mmId('remoteId'),
    field: mmId('fieldId'),
    policy: mmId('policyId'),
    group: mmId('groupId'),
    bot: mmId('botUserId'),
    schedule: mmId('schedulePostId'),
    bookmark: mmId('channelBookmarkId'),
    agent: mmId('agentId'),
    session: mmId('sessionId'),
};

function textFile(name, type, text) {
    return new File([text], name, { type });
}

// ---------------------------------------------------------------------------
// Realistic objects (shapes follow @mattermost/types)
// ---------------------------------------------------------------------------

const F = {
    user: () => ({
        id: ID.user,
        create_at: TS,
        update_at: TS + 1,
        delete_at: TS + 2,
        username: 'alice',
        password: 'S3cret-passw0rd',
        auth_data: 'alice-auth',
        auth_service: 'gitlab',
        email: 'alice@example.com',
        nickname: 'Al',
        first_name: 'Alice',
        last_name: 'Liddell',
        position: 'Engineer',
        roles: 'system_user',
        props: { customKey: 'customValue' },
        notify_props: {
            desktop: 'mention',
            desktop_sound: 'true',
            calls_desktop_sound: 'true',
            email: 'true',
            mark_unread: 'all',
            push: 'mention',
            push_status: 'away',
            comments: 'any',
            first_name: 'true',
            channel: 'true',
            mention_keys: 'alice,@alice',
            highlight_keys: 'urgent',
        },
        last_password_update: TS + 3,
        last_picture_update: TS + 4,
        locale: 'en',
        timezone: { useAutomaticTimezone: 'false', automaticTimezone: 'Europe/Berlin', manualTimezone: 'Europe/Paris' },
        mfa_active: true,
        last_activity_at: TS + 5,
        is_bot: false,
        bot_description: 'not a bot',
        terms_of_service_id: mmId('termsOfServiceId'),
        terms_of_service_create_at: TS + 6,
    }),
    userPatch: () => ({
        id: ID.user,
        nickname: 'Ally',
        first_name: 'Alice',
        last_name: 'Liddell',
        position: 'Staff Engineer',
        props: { customKey: 'newValue' },
        locale: 'de',
    }),
    team: () => ({
        id: ID.team,
        create_at: TS,
        update_at: TS + 1,
        delete_at: TS + 2,
        display_name: 'Core Team',
        name: 'core-team',
        description: 'The core team',
        email: 'team@example.com',
        type: 'O',
        company_name: 'Example Inc.',
        allowed_domains: 'example.com',
        invite_id: mmId('inviteId'),
        allow_open_invite: true,
        scheme_id: ID.scheme,
        group_constrained: true,
        policy_id: ID.policy,
        last_team_icon_update: TS + 3,
    }),
    teamPatch: () => ({
        id: ID.team,
        display_name: 'Core Team 2',
        description: 'Patched description',
        company_name: 'Example GmbH',
        allowed_domains: 'example.org',
        allow_open_invite: true,
        group_constrained: true,
    }),
    channel: () => ({
        id: ID.channel,
        create_at: TS,
        update_at: TS + 1,
        delete_at: TS + 2,
        team_id: ID.team,
        type: 'O',
        display_name: 'Town Square',
        name: 'town-square',
        header: 'Channel header',
        purpose: 'Channel purpose',
        last_post_at: TS + 3,
        last_root_post_at: TS + 4,
        creator_id: ID.user,
        scheme_id: ID.scheme,
        group_constrained: true,
        shared: true,
        props: { key: 'value' },
    }),
    newChannel: () => ({
        team_id: ID.team,
        name: 'new-channel',
        display_name: 'New Channel',
        type: 'P',
        purpose: 'A purpose',
        header: 'A header',
    }),
    channelPatch: () => ({
        display_name: 'Renamed',
        name: 'renamed',
        header: 'New header',
        purpose: 'New purpose',
        group_constrained: true,
    }),
    channelNotifyProps: () => ({
        channel_id: ID.channel,
        user_id: ID.user,
        desktop: 'mention',
        desktop_sound: 'on',
        desktop_threads: 'all',
        email: 'all',
        mark_unread: 'mention',
        push: 'all',
        push_threads: 'mention',
        ignore_channel_mentions: 'on',
        channel_auto_follow_threads: 'on',
    }),
    post: () => ({
        id: ID.post,
        create_at: TS,
        update_at: TS + 1,
        edit_at: TS + 2,
        delete_at: TS + 3,
        is_pinned: true,
        user_id: ID.user,
        channel_id: ID.channel,
        root_id: ID.rootPost,
        original_id: mmId('originalId'),
        message: 'Hello, world!',
        type: 'custom_type',
        props: { from_webhook: 'true' },
        hashtags: '#hello',
        pending_post_id: `${ID.user}:${TS}`,
        reply_count: 7,
        file_ids: mmIds('fileIds'),
        metadata: { priority: { priority: 'important', requested_ack: true, persistent_notifications: true } },
    }),
    newPost: () => ({
        channel_id: ID.channel,
        message: 'Hello, world!',
        root_id: ID.rootPost,
        file_ids: mmIds('fileIds'),
        props: { attachments: [] },
        pending_post_id: `${ID.user}:${TS}`,
        metadata: { priority: { priority: 'urgent', requested_ack: true } },
    }),
    postPatch: () => ({
        id: ID.post,
        message: 'Edited message',
        is_pinned: true,
        file_ids: mmIds('fileIds'),
        props: { edited: 'yes' },
    }),
    incomingHook: () => ({
        id: ID.hook,
        create_at: TS,
        update_at: TS + 1,
        delete_at: TS + 2,
        last_used: TS + 3,
        user_id: ID.user,
        channel_id: ID.channel,
        team_id: ID.team,
        display_name: 'CI hook',
        description: 'Posts CI results',
        username: 'ci-bot',
        icon_url: 'https://example.com/ci.png',
        channel_locked: true,
    }),
    outgoingHook: () => ({
        id: ID.hook,
        token: 'hooktoken0000000000000000a',
        create_at: TS,
        update_at: TS + 1,
        delete_at: TS + 2,
        creator_id: ID.user,
        channel_id: ID.channel,
        team_id: ID.team,
        trigger_words: ['build', 'deploy'],
        trigger_when: 1,
        callback_urls: ['https://example.com/hook'],
        display_name: 'Deployer',
        description: 'Triggers deployments',
        content_type: 'application/json',
        username: 'deploy-bot',
        icon_url: 'https://example.com/deploy.png',
    }),
    command: () => ({
        id: ID.command,
        token: 'cmdtoken00000000000000000a',
        create_at: TS,
        update_at: TS + 1,
        delete_at: TS + 2,
        creator_id: ID.user,
        team_id: ID.team,
        trigger: 'weather',
        method: 'P',
        username: 'weather-bot',
        icon_url: 'https://example.com/sun.png',
        auto_complete: true,
        auto_complete_desc: 'Shows the weather',
        auto_complete_hint: '[city]',
        display_name: 'Weather',
        description: 'Weather command',
        url: 'https://example.com/weather',
    }),
    commandArgs: () => ({ channel_id: ID.channel, team_id: ID.team, root_id: ID.rootPost }),
    oauthApp: () => ({
        id: ID.app,
        creator_id: ID.user,
        create_at: TS,
        update_at: TS + 1,
        client_secret: 'clientsecret0000000000000a',
        name: 'My App',
        description: 'An OAuth app',
        icon_url: 'https://example.com/app.png',
        callback_urls: ['https://example.com/callback', 'https://example.org/cb'],
        homepage: 'https://example.com',
        is_trusted: true,
        is_public: true,
    }),
    outgoingOAuthConnection: () => ({
        id: ID.connection,
        name: 'Upstream API',
        creator_id: ID.user,
        create_at: TS,
        update_at: TS + 1,
        client_id: 'upstream-client',
        client_secret: 'upstream-secret',
        credentials_username: 'svc-user',
        credentials_password: 'svc-pass',
        oauth_token_url: 'https://auth.example.com/token',
        grant_type: 'password',
        audiences: ['https://api.example.com', 'https://api2.example.com'],
    }),
    dialogSubmission: () => ({
        url: 'https://example.com/dialog',
        callback_id: 'callback-1',
        state: 'state-1',
        user_id: ID.user,
        channel_id: ID.channel,
        team_id: ID.team,
        submission: { name: 'value', multi: ['a', 'b'] },
        cancelled: true,
        type: 'dialog_submission',
    }),
    emoji: () => ({ name: 'party_parrot', creator_id: ID.user }),
    bot: () => ({ username: 'helper-bot', display_name: 'Helper', description: 'Helps out', owner_id: ID.user }),
    botPatch: () => ({ username: 'helper-bot2', display_name: 'Helper 2', description: 'Helps more' }),
    scheme: () => ({
        name: 'custom-scheme',
        display_name: 'Custom Scheme',
        description: 'A custom permission scheme',
        scope: 'team',
    }),
    schemePatch: () => ({ name: 'patched-scheme', display_name: 'Patched Scheme', description: 'Patched' }),
    rolePatch: () => ({ permissions: ['create_post', 'edit_post'] }),
    category: () => ({
        id: ID.category,
        user_id: ID.user,
        team_id: ID.team,
        type: 'custom',
        display_name: 'My Category',
        sorting: 'alpha',
        channel_ids: mmIds('channelIds'),
        muted: true,
        collapsed: true,
    }),
    preferences: () => ([
        { user_id: ID.user, category: 'display_settings', name: 'use_military_time', value: 'true' },
        { user_id: ID.user, category: 'favorite_channel', name: ID.channel, value: 'true' },
    ]),
    status: () => ({ user_id: ID.user, status: 'dnd', manual: true, last_activity_at: TS, dnd_end_time: 1700003600 }),
    customStatus: () => ({ emoji: 'calendar', text: 'In a meeting', duration: 'date_and_time', expires_at: '2030-01-01T12:00:00Z' }),
    remoteCluster: () => ({
        name: 'remote-one',
        display_name: 'Remote One',
        default_team_id: ID.team,
        password: 'remote-password',
    }),
    remoteClusterPatch: () => ({ display_name: 'Remote One (renamed)', default_team_id: ID.team }),
    remoteClusterAcceptInvite: () => ({
        name: 'remote-one',
        display_name: 'Remote One',
        default_team_id: ID.team,
        invite: 'base64invite==',
        password: 'remote-password',
    }),
    cpaFieldPatch: () => ({
        name: 'Department',
        type: 'select',
        attrs: {
            sort_order: 2,
            visibility: 'when_set',
            value_type: '',
            options: [{ id: mmId('optionId'), name: 'Sales', color: '#ff0000' }],
        },
    }),
    propertyField: () => ({
        name: 'severity',
        type: 'select',
        target_type: 'channel',
        target_id: ID.channel,
        attrs: { options: [{ id: mmId('optionId'), name: 'high' }] },
    }),
    propertyValues: () => ([
        { field_id: mmId('fieldId#0'), value: 'high' },
        { field_id: mmId('fieldId#1'), value: ['a', 'b'] },
    ]),
    cpaValues: () => ({ [mmId('fieldId#0')]: 'Engineering', [mmId('fieldId#1')]: ['opt1', 'opt2'] }),
    bookmarkCreate: () => ({
        display_name: 'Docs',
        type: 'link',
        link_url: 'https://docs.example.com',
        image_url: 'https://docs.example.com/icon.png',
        emoji: 'book',
    }),
    bookmarkPatch: () => ({
        display_name: 'Docs (new)',
        sort_order: 3,
        link_url: 'https://docs.example.org',
        image_url: 'https://docs.example.org/icon.png',
        emoji: 'books',
    }),
    moderationPatch: () => ([
        { name: 'create_post', roles: { guests: false, members: true } },
        { name: 'use_channel_mentions', roles: { members: false } },
    ]),
    dataRetentionPolicy: () => ({
        display_name: 'Keep 30 days',
        post_duration: 30,
        channel_ids: mmIds('channelIds'),
        team_ids: mmIds('teamIds'),
    }),
    dataRetentionPatch: () => ({ display_name: 'Keep 60 days', post_duration: 60 }),
    job: () => ({ type: 'data_retention', data: { key: 'value' } }),
    recap: () => ({ title: 'Morning recap', channel_ids: mmIds('channelIds'), agent_id: ID.agent }),
    logFilter: () => ({
        server_names: ['node-1', 'node-2'],
        log_levels: ['error', 'warn'],
        date_from: '2024-01-01 00:00:00.000Z',
        date_to: '2024-01-02 00:00:00.000Z',
    }),
    config: () => ({
        ServiceSettings: { SiteURL: 'https://chat.example.com', ListenAddress: ':8065', EnableDeveloper: true },
        TeamSettings: { SiteName: 'Example Chat', MaxUsersPerTeam: 50 },
        EmailSettings: { SMTPServer: 'smtp.example.com', SMTPPort: '587', SendEmailNotifications: true },
        FileSettings: { DriverName: 'amazons3', AmazonS3Bucket: 'bucket', AmazonS3Region: 'eu-west-1' },
    }),
    configPatch: () => ({ ServiceSettings: { EnableDeveloper: true }, TeamSettings: { MaxUsersPerTeam: 100 } }),
    ldapSettings: () => ({
        Enable: true,
        EnableSync: true,
        LdapServer: 'ldap.example.com',
        LdapPort: 636,
        ConnectionSecurity: 'TLS',
        BaseDN: 'dc=example,dc=com',
        BindUsername: 'cn=admin,dc=example,dc=com',
        BindPassword: 'ldap-secret',
        UserFilter: '(objectClass=person)',
        GroupFilter: '(objectClass=group)',
        GuestFilter: '(memberOf=guests)',
        EnableAdminFilter: true,
        AdminFilter: '(memberOf=admins)',
        GroupDisplayNameAttribute: 'cn',
        GroupIdAttribute: 'entryUUID',
        FirstNameAttribute: 'givenName',
        LastNameAttribute: 'sn',
        EmailAttribute: 'mail',
        UsernameAttribute: 'uid',
        NicknameAttribute: 'displayName',
        IdAttribute: 'entryUUID',
        PositionAttribute: 'title',
        LoginIdAttribute: 'uid',
        PictureAttribute: 'jpegPhoto',
        SyncIntervalMinutes: 60,
        ReAddRemovedMembers: true,
        SkipCertificateVerification: true,
        PublicCertificateFile: 'ldap-public.crt',
        PrivateKeyFile: 'ldap-private.key',
        QueryTimeout: 60,
        MaxPageSize: 500,
        LoginFieldName: 'LDAP Username',
        LoginButtonColor: '#0000ff',
        LoginButtonBorderColor: '#2389D7',
        LoginButtonTextColor: '#ffffff',
        MaximumLoginAttempts: 10,
    }),
    contentFlaggingSettings: () => ({
        EnableContentFlagging: true,
        NotificationSettings: { EventTargetMapping: { flagged: ['reviewers'], assigned: ['reviewers'], removed: ['author', 'reporter'], dismissed: ['reporter'] } },
        ReviewerSettings: {
            CommonReviewers: true,
            CommonReviewerIds: mmIds('reviewerIds'),
            TeamReviewersSetting: { [ID.team]: { Enabled: true, ReviewerIds: mmIds('reviewerIds') } },
            SystemAdminsAsReviewers: true,
            TeamAdminsAsReviewers: true,
        },
        AdditionalSettings: {
            Reasons: ['Spam', 'Harassment'],
            ReporterCommentRequired: true,
            ReviewerCommentRequired: true,
            HideFlaggedContent: true,
        },
    }),
    compliance: () => ({
        desc: 'Quarterly export',
        emails: 'alice@example.com',
        keywords: 'secret',
        start_at: TS,
        end_at: TS + 86400000,
    }),
    syncablePatch: () => ({ scheme_admin: true, auto_add: true }),
    groupPatch: () => ({ name: 'engineering', display_name: 'Engineering', allow_reference: true }),
    groupCreate: () => ({
        name: 'eng-group',
        display_name: 'Engineering Group',
        allow_reference: true,
        source: 'custom',
        user_ids: mmIds('userIds'),
        description: 'All engineers',
    }),
    appCall: () => ({
        path: '/send',
        expand: { app: 'all', acting_user: 'summary' },
        state: { step: 1 },
        context: {
            app_id: 'hello-world',
            location: '/command',
            acting_user_id: ID.user,
            user_id: ID.user,
            channel_id: ID.channel,
            team_id: ID.team,
            post_id: ID.post,
            root_id: ID.rootPost,
            props: { key: 'value' },
        },
        values: { message: 'hi' },
        raw_command: '/hello send hi',
        selected_field: 'message',
        query: 'hi',
    }),
    cloudCustomerPatch: () => ({
        email: 'billing@example.com',
        name: 'Example Inc.',
        num_employees: 42,
        contact_first_name: 'Bob',
        contact_last_name: 'Builder',
    }),
    address: () => ({
        city: 'Springfield',
        country: 'US',
        line1: '742 Evergreen Terrace',
        line2: 'Apt 1',
        postal_code: '49007',
        state: 'OR',
    }),
    notifyAdmin: () => ({ trial_notification: true, required_plan: 'professional', required_feature: 'guest_accounts' }),
    onboarding: () => ({ organization: 'Example Inc.', install_plugins: ['jira', 'github'] }),
    ipFilters: () => ([
        { cidr_block: '10.0.0.0/8', description: 'office', enabled: true, owner_id: ID.user },
        { cidr_block: '192.168.1.0/24', description: 'vpn', enabled: true, owner_id: ID.user },
    ]),
    trialLicense: () => ({
        users: 100,
        terms_accepted: true,
        receive_emails_accepted: true,
        contact_name: 'Alice Liddell',
        contact_email: 'alice@example.com',
        company_name: 'Example Inc.',
        company_size: '100-500',
        company_country: 'US',
    }),
    draft: () => ({
        create_at: TS,
        update_at: TS + 1,
        delete_at: TS + 2,
        user_id: ID.user,
        channel_id: ID.channel,
        root_id: ID.rootPost,
        message: 'draft message',
        type: 'custom_type',
        props: { key: 'value' },
        file_ids: mmIds('fileIds'),
        priority: { priority: 'important', requested_ack: true },
    }),
    scheduledPost: () => ({
        id: ID.schedule,
        create_at: TS,
        update_at: TS + 1,
        user_id: ID.user,
        channel_id: ID.channel,
        root_id: ID.rootPost,
        message: 'scheduled message',
        props: { key: 'value' },
        file_ids: mmIds('fileIds'),
        scheduled_at: TS + 3600000,
        processed_at: TS + 3600001,
        error_code: 'unknown',
    }),
    accessControlPolicy: () => ({
        id: ID.policy,
        name: 'Engineers only',
        type: 'channel',
        revision: 2,
        created_at: TS,
        version: 'v0.2',
        active: true,
        roles: ['channel_user'],
        imports: [mmId('parentId')],
        props: { key: ['value'] },
        rules: [{ actions: ['membership'], expression: 'user.attributes.department == "Engineering"' }],
    }),
    policyActiveStates: () => ([
        { id: mmId('policyIds#0'), active: true },
        { id: mmId('policyIds#1'), active: false },
    ]),
    policySimulation: () => ({
        policy: F.accessControlPolicy(),
        actions: ['membership'],
        rule_name: 'rule-1',
        channel_id: ID.channel,
        team_id: ID.team,
        users: [{ user_id: ID.user, session_overrides: { ip_address: '10.0.0.1' } }],
        evaluation_scope: 'all',
    }),
    userAuth: () => ({ auth_data: 'alice-ldap', auth_service: 'ldap' }),
    userReportOptions: () => ({
        page_size: 50,
        sort_column: 'CreateAt',
        sort_direction: 'desc',
        direction: 'next',
        from_column_value: 'alice',
        from_id: ID.user,
        date_range: 'last_30_days',
        role_filter: 'system_user',
        team_filter: ID.team,
        hide_active: true,
        search_term: 'ali',
    }),
    userReportFilter: () => ({
        role_filter: 'system_admin',
        has_no_team: true,
        hide_inactive: true,
        search_term: 'ali',
        guest_filter: 'single_channel_guest',
    }),
    channelSearchOpts: () => ({
        team_ids: mmIds('teamIds'),
        public: true,
        private: true,
        include_deleted: true,
        exclude_default_channels: true,
        group_constrained: true,
        page: 1,
        per_page: 30,
    }),
};

// ---------------------------------------------------------------------------
// Methods that are not API calls (or not callable in a meaningful way)
// ---------------------------------------------------------------------------

const SKIP_EXACT = new Map([
    ['constructor', 'constructor'],
    ['getUrl', 'client configuration'],
    ['setUrl', 'client configuration'],
    ['getAbsoluteUrl', 'URL helper'],
    ['setUserAgent', 'client configuration'],
    ['getToken', 'client configuration'],
    ['setToken', 'client configuration'],
    ['setCSRF', 'client configuration'],
    ['setAcceptLanguage', 'client configuration'],
    ['setHeader', 'client configuration'],
    ['removeHeader', 'client configuration'],
    ['setEnableLogging', 'client configuration'],
    ['setIncludeCookies', 'client configuration'],
    ['setUserId', 'client configuration'],
    ['setUserRoles', 'client configuration'],
    ['setDiagnosticId', 'client configuration'],
    ['getServerVersion', 'client configuration'],
    ['getUrlVersion', 'client configuration'],
    ['getCSRFFromCookie', 'browser helper'],
    ['getOptions', 'request builder internal'],
    ['doFetch', 'fetch internal'],
    ['doFetchWithResponse', 'fetch internal'],
    ['getWebSocketUrl', 'URL helper'],
    ['getTranslations', 'fetches an arbitrary (static, non-API) URL given by the caller'],
]);

function skipReason(name) {
    if (SKIP_EXACT.has(name)) {
        return SKIP_EXACT.get(name);
    }
    if (/Route$/.test(name)) {
        return 'route helper';
    }
    if (/^get.*Url$/.test(name)) {
        return 'URL helper';
    }
    if (/^doFetch/.test(name)) {
        return 'fetch internal';
    }
    if (/^track/i.test(name) || /telemetry/i.test(name)) {
        return 'telemetry';
    }
    return null;
}

// ---------------------------------------------------------------------------
// Parameter-list parsing (from Function.prototype.toString)
// ---------------------------------------------------------------------------

function findParamList(src) {
    // Arrow function with a single bare parameter: `x => ...` / `async x => ...`
    const bare = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
    if (bare) {
        return bare[1];
    }
    const start = src.indexOf('(');
    if (start < 0) {
        return '';
    }
    let depth = 0;
    let quote = null;
    for (let j = start; j < src.length; j++) {
        const ch = src[j];
        if (quote) {
            if (ch === '\\') {
                j++;
            } else if (ch === quote) {
                quote = null;
            }
            continue;
        }
        if (ch === '"' || ch === "'" || ch === '`') {
            quote = ch;
        } else if (ch === '(' || ch === '[' || ch === '{') {
            depth++;
        } else if (ch === ')' || ch === ']' || ch === '}') {
            depth--;
            if (depth === 0) {
                return src.slice(start + 1, j);
            }
        }
    }
    throw new Error('unbalanced parameter list');
}

function splitTopLevel(text, sep = ',') {
    const parts = [];
    let depth = 0;
    let quote = null;
    let cur = '';
    for (let j = 0; j < text.length; j++) {
        const ch = text[j];
        if (quote) {
            cur += ch;
            if (ch === '\\') {
                cur += text[j + 1] ?? '';
                j++;
            } else if (ch === quote) {
                quote = null;
            }
            continue;
        }
        if (ch === '"' || ch === "'" || ch === '`') {
            quote = ch;
        } else if (ch === '(' || ch === '[' || ch === '{') {
            depth++;
        } else if (ch === ')' || ch === ']' || ch === '}') {
            depth--;
        } else if (ch === sep && depth === 0) {
            parts.push(cur);
            cur = '';
            continue;
        }
        cur += ch;
    }
    parts.push(cur);
    return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

// Returns [{name, defaultSrc, destructured: [keys] | null, rest}]
function parseParams(fn) {
    const list = findParamList(fn.toString());
    return splitTopLevel(list).map((piece, index) => {
        const rest = piece.startsWith('...');
        const body = rest ? piece.slice(3).trim() : piece;
        if (body.startsWith('{') || body.startsWith('[')) {
            const close = body.startsWith('{') ? '}' : ']';
            const inner = body.slice(1, body.lastIndexOf(close));
            const keys = splitTopLevel(inner).map((k) => k.split(/[=:]/)[0].trim()).filter(Boolean);
            const afterPattern = body.slice(body.lastIndexOf(close) + 1).trim();
            return {
                name: `$destructured${index}`,
                defaultSrc: afterPattern.startsWith('=') ? afterPattern.slice(1).trim() : null,
                destructured: keys,
                rest,
            };
        }
        const name = body.split('=')[0].trim();
        const defaultSrc = body.includes('=') ? body.slice(body.indexOf('=') + 1).trim() : null;
        return { name, defaultSrc, destructured: null, rest };
    });
}

// ---------------------------------------------------------------------------
// Argument generation
// ---------------------------------------------------------------------------

// Values by exact parameter name (shared across methods).
const BY_NAME = {
    page: 1,
    perPage: 30,
    limit: 50,
    limitAfter: 20,
    limitBefore: 10,
    term: 'search term',
    terms: 'hello world',
    q: 'eng',
    name: 'name-value',
    username: 'alice',
    usernames: ['alice', 'bob'],
    email: 'alice@example.com',
    emails: ['alice@example.com', 'bob@example.com'],
    password: 'S3cret-passw0rd',
    currentPassword: 'Old-passw0rd',
    newPassword: 'New-passw0rd',
    emailPassword: 'Email-passw0rd',
    ldapPassword: 'Ldap-passw0rd',
    ldapId: 'alice.ldap',
    loginId: 'alice@example.com',
    mfaCode: '123456',
    code: '654321',
    token: 'tokenvalue000000000000000a',
    inviteId: mmId('inviteId'),
    redirect: '/core-team/channels/town-square',
    roles: 'system_user system_admin',
    sort: 'last_activity_at',
    message: 'Hello, world!',
    comment: 'A comment',
    reason: 'Spam',
    description: 'A description',
    displayName: 'Display Name',
    text: 'Terms of service text',
    accepted: true,
    active: true,
    activate: true,
    enabled: true,
    force: true,
    state: true,
    timestamp: TS,
    since: TS,
    expiresAt: TS + 86400000,
    bookmarksSince: TS,
    newOrder: 2,
    emojiName: 'thumbsup',
    channelName: 'town-square',
    teamName: 'core-team',
    roleName: 'system_user',
    rolesNames: ['system_user', 'channel_admin'],
    names: ['name-one', 'name-two'],
    groupName: 'custom_profile_attributes',
    objectType: 'user',
    targetType: 'user',
    targetId: mmId('targetId'),
    syncableType: 'team',
    scope: 'team',
    source: 'custom',
    type: 'data_retention',
    privacy: 'P',
    service: 'gitlab',
    currentService: 'gitlab',
    responseType: 'code',
    clientId: 'client-id-value',
    redirectUri: 'https://example.com/callback',
    resource: 'https://api.example.com',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    codeChallengeMethod: 'S256',
    audience: 'https://api.example.com',
    userInput: '/weather Berlin',
    selectedOption: 'option-1',
    actionCookie: 'cookie-value',
    actionId: 'action id/1',
    key: 'cn=engineers,ou=groups',
    filter: 'jira',
    pluginDownloadUrl: 'https://example.com/plugin.tar.gz',
    siteURL: 'https://chat.example.com',
    samlMetadataURL: 'https://idp.example.com/metadata',
    certData: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    client: 'web',
    clientVersion: '11.9.0',
    noticeIds: ['notice-1', 'notice-2'],
    subsectionPermissions: ['sysconsole_read_user_management_users', 'sysconsole_write_user_management_users'],
    indexes: ['posts', 'users'],
    expression: 'user.attributes.department == "Engineering"',
    after: mmId('afterId'),
    level: 'WARN',
    deviceId: 'device-id-value',
    getServerStatus: true,
    customPrompt: 'Make it shorter',
    action: 'shorten',
    restoreVersionId: mmId('restoreVersionId'),
    audiences: ['https://api.example.com'],
    cursorId: mmId('cursorId'),
    notAssociatedToGroup: mmId('groupId'),
    includeDirectChannels: true,
    isOrSearch: true,
    isBookmark: true,
    testType: 'filters',
    url: 'https://example.com/url',
    value: 'value',
    signal: undefined,
};

// Per-method overrides: either a function returning the whole argument list,
// or an object mapping parameter names to values.
const OVERRIDES = {
    // Users
    createUser: { user: F.user(), token: 'signuptoken0000000000000a', inviteId: mmId('inviteId'), redirect: '/core-team' },
    patchMe: { userPatch: F.userPatch() },
    patchUser: { userPatch: F.userPatch() },
    updateUser: { user: F.user() },
    updateUserAuth: { userAuth: F.userAuth() },
    getProfiles: { options: { active: true, role: 'system_user' } },
    getProfilesByIds: { options: { since: TS } },
    getProfilesInTeam: { options: { active: true } },
    getProfilesWithoutTeam: { options: { active: true } },
    getProfilesInChannel: { sort: 'status', options: { active: true } },
    getProfilesInGroup: { sort: 'display_name' },
    getProfilesNotInChannel: { cursorId: '' }, // page-based; see the `cursor` variant
    autocompleteUsers: { name: 'ali', options: { limit: 10 } },
    searchUsers: {
        term: 'ali',
        options: { team_id: ID.team, not_in_channel_id: ID.channel, allow_inactive: true, limit: 50 },
    },
    getUsersForReporting: { filter: F.userReportOptions() },
    getUserCountForReporting: { filter: F.userReportFilter() },
    startUsersBatchExport: { filter: F.userReportFilter() },
    getFilteredUsersStats: {
        options: {
            in_team: ID.team,
            in_channel: ID.channel,
            include_deleted: true,
            include_bots: true,
            include_remote_users: true,
            roles: ['system_admin', 'system_user'],
            channel_roles: ['channel_admin'],
            team_roles: ['team_admin'],
        },
    },
    updateStatus: { status: F.status() },
    updateCustomStatus: { customStatus: F.customStatus() },
    removeRecentCustomStatus: { customStatus: F.customStatus() },
    createUserAccessToken: { description: 'CI token' },
    login: { loginId: 'alice@example.com', password: 'S3cret-passw0rd', token: '123456', ldapOnly: true },
    loginById: { id: ID.user, password: 'S3cret-passw0rd', token: '123456' },
    loginWithDesktopToken: { token: 'desktoptoken00000000000000' },
    loginWithMagicLink: { token: 'magiclinktoken000000000000' },
    verifyUserEmail: { token: 'verifytoken000000000000000' },
    resetUserPassword: { token: 'resettoken0000000000000000' },
    addToTeamFromInvite: { token: 'invitetoken000000000000000', inviteId: mmId('inviteId') },
    updateUserRoles: { roles: 'system_user system_admin' },

    // Teams
    createTeam: { team: F.team() },
    updateTeam: { team: F.team() },
    patchTeam: { team: F.teamPatch() },
    searchTeams: { term: 'core', opts: { page: 1, per_page: 30, allow_open_invite: true, group_constrained: true } },
    getTeamMembers: { options: { sort: 'Username', exclude_deleted_users: true } },
    updateTeamMemberRoles: { roles: 'team_user team_admin' },
    sendEmailGuestInvitesToChannels: { message: 'Welcome aboard!' },
    sendEmailInvitesToTeamAndChannelsGracefully: { message: 'Welcome aboard!' },
    sendEmailGuestInvitesToChannelsGracefully: { message: 'Welcome aboard!' },

    // Channels
    createChannel: { channel: F.newChannel() },
    updateChannel: { channel: F.channel() },
    patchChannel: { channelPatch: F.channelPatch() },
    updateChannelNotifyProps: { props: F.channelNotifyProps() },
    updateChannelMemberRoles: { roles: 'channel_user channel_admin' },
    patchChannelModerations: { channelModerationsPatch: F.moderationPatch() },
    autocompleteChannels: { name: 'town' },
    autocompleteChannelsForSearch: { name: 'town' },
    searchChannels: { term: 'town' },
    searchAllChannels: { term: 'town', opts: F.channelSearchOpts() },
    searchGroupChannels: { term: 'alice' },
    getChannelByName: { channelName: 'town-square' },
    createChannelBookmark: { channelBookmark: F.bookmarkCreate() },
    updateChannelBookmark: { patch: F.bookmarkPatch() },
    createChannelCategory: { category: { ...F.category(), id: undefined } },
    updateChannelCategories: { categories: [F.category()] },
    updateChannelCategory: { category: F.category() },
    updateChannelCategoryOrder: { categoryOrder: mmIds('categoryIds') },

    // Properties / CPA
    patchSystemPropertyValues: { groupName: 'content_flagging', items: F.propertyValues() },
    patchPropertyValues: { groupName: 'content_flagging', objectType: 'post', items: F.propertyValues() },
    getPropertyValues: { groupName: 'content_flagging', objectType: 'post' },
    getSystemPropertyValues: { groupName: 'content_flagging' },
    getPropertyFields: {
        groupName: 'content_flagging',
        objectType: 'post',
        targetType: 'channel',
        options: { perPage: 20, cursorId: mmId('cursorId'), cursorCreateAt: TS },
    },
    createPropertyField: { groupName: 'content_flagging', objectType: 'post', field: F.propertyField() },
    patchPropertyField: { groupName: 'content_flagging', objectType: 'post', patch: F.propertyField() },
    deletePropertyField: { groupName: 'content_flagging', objectType: 'post' },
    createCustomProfileAttributeField: { patch: F.cpaFieldPatch() },
    patchCustomProfileAttributeField: { patch: F.cpaFieldPatch() },
    updateCustomProfileAttributeValues: { attributeValues: F.cpaValues() },
    updateUserCustomProfileAttributesValues: { attributeValues: F.cpaValues() },

    // Remote clusters / shared channels
    getRemoteClusters: { options: { excludePlugins: true, notInChannel: ID.channel, onlyConfirmed: true } },
    createRemoteCluster: { remoteCluster: F.remoteCluster() },
    patchRemoteCluster: { patch: F.remoteClusterPatch() },
    acceptInviteRemoteCluster: { remoteClusterAcceptInvite: F.remoteClusterAcceptInvite() },
    generateInviteRemoteCluster: { remoteCluster: { password: 'invite-password' } },
    getSharedChannelRemotes: {
        filters: { exclude_remote: true, exclude_home: true, include_deleted: true, include_unconfirmed: true, exclude_confirmed: true },
    },
    getRemoteClusterInfo: { includeDeleted: true },

    // Posts
    createPost: { post: F.newPost() },
    createPostEphemeral: { post: F.newPost() },
    updatePost: { post: F.post() },
    patchPost: { postPatch: F.postPatch() },
    getPost: { includeDeleted: true, retainContent: true },
    getPaginatedPostThread: {
        options: {
            fetchThreads: false,
            collapsedThreads: true,
            collapsedThreadsExtended: true,
            updatesOnly: true,
            direction: 'up',
            perPage: 25,
            fromCreateAt: TS,
            fromUpdateAt: TS + 1,
            fromPost: mmId('fromPostId'),
        },
    },
    getUserThreads: () => [ID.user, ID.team, {
        before: mmId('beforeId'),
        after: mmId('afterId'),
        perPage: 25,
        extended: true,
        deleted: true,
        unread: true,
        since: TS,
        totalsOnly: true,
        threadsOnly: true,
    }],
    getUserThread: { extended: true },
    updateThreadFollowForUser: { state: true },
    searchPostsWithParams: {
        params: {
            terms: 'hello from:alice',
            is_or_search: true,
            time_zone_offset: 3600,
            include_deleted_channels: true,
            page: 1,
            per_page: 20,
        },
    },
    searchPosts: { terms: 'hello from:alice' },
    searchFilesWithParams: {
        params: { terms: 'report ext:pdf', is_or_search: true, time_zone_offset: 3600, include_deleted_channels: true, page: 1, per_page: 20 },
    },
    searchFiles: { terms: 'report ext:pdf' },
    doPostActionWithQuery: { query: { choice: 'yes', extra: 'a b' } },
    uploadFile: () => {
        const form = new FormData();
        form.append('channel_id', ID.channel);
        form.append('client_ids', mmId('clientId'));
        form.append('files', textFile('hello.txt', 'text/plain', 'hello file\n'));
        return [form, true];
    },
    savePreferences: { preferences: F.preferences() },
    deletePreferences: { preferences: F.preferences() },
    addPostReminder: { timestamp: 1700003600 },
    updateThreadReadForUser: { timestamp: TS },

    // System
    authorizeOAuthApp: { state: 'opaque-state-123', scope: 'user' },
    ping: { getServerStatus: true, deviceId: 'device-id-value' },
    logClientError: { message: 'Something broke', level: 'WARN' },

    // Integrations
    createIncomingWebhook: { hook: F.incomingHook() },
    updateIncomingWebhook: { hook: F.incomingHook() },
    createOutgoingWebhook: { hook: F.outgoingHook() },
    updateOutgoingWebhook: { hook: F.outgoingHook() },
    getCommandAutocompleteSuggestionsList: { commandArgs: F.commandArgs() },
    executeCommand: { command: '/echo hello world', commandArgs: F.commandArgs() },
    addCommand: { command: F.command() },
    editCommand: { command: F.command() },
    createOAuthApp: { app: F.oauthApp() },
    editOAuthApp: { app: F.oauthApp() },
    createOutgoingOAuthConnection: { connection: F.outgoingOAuthConnection() },
    editOutgoingOAuthConnection: { connection: F.outgoingOAuthConnection() },
    validateOutgoingOAuthConnection: { connection: F.outgoingOAuthConnection() },
    submitInteractiveDialog: { data: F.dialogSubmission() },
    lookupInteractiveDialog: { data: F.dialogSubmission() },
    executeAppCall: { call: F.appCall(), trackAsSubmit: true },

    // Emoji
    createCustomEmoji: () => [F.emoji(), textFile('party_parrot.gif', 'image/gif', 'GIF89a-fake')],
    getCustomEmojiByName: { name: 'party_parrot' },
    getCustomEmojisByNames: { names: ['party_parrot', 'thumbsup'] },
    getCustomEmojis: { sort: 'name' },
    searchCustomEmoji: { term: 'parrot', options: { prefix_only: true } },
    autocompleteCustomEmoji: { name: 'parr' },

    // Data retention
    searchDataRetentionCustomPolicyChannels: { term: 'town', opts: F.channelSearchOpts() },
    searchDataRetentionCustomPolicyTeams: { term: 'core', opts: { page: 1, per_page: 30, allow_open_invite: true, group_constrained: true } },
    createDataRetentionPolicy: { policy: F.dataRetentionPolicy() },
    updateDataRetentionPolicy: { policy: F.dataRetentionPatch() },
    addDataRetentionPolicyTeams: { teams: mmIds('teamIds') },
    removeDataRetentionPolicyTeams: { teams: mmIds('teamIds') },
    addDataRetentionPolicyChannels: { channels: mmIds('channelIds') },
    removeDataRetentionPolicyChannels: { channels: mmIds('channelIds') },

    // Jobs, recaps
    createJob: { job: F.job() },
    getJobsByType: { type: 'data_retention' },
    createRecap: { request: F.recap() },

    // Admin
    getLogs: { logFilter: F.logFilter() },
    updateConfig: { config: F.config() },
    patchConfig: { patch: F.configPatch() },
    testEmail: { config: F.config() },
    testS3Connection: { config: F.config() },
    testFileStoreConnection: { config: F.config() },
    testElasticsearch: { config: F.config() },
    createComplianceReport: { job: F.compliance() },
    testLdapConnection: { settings: F.ldapSettings() },
    testLdapDiagnostics: { settings: F.ldapSettings(), testType: 'attributes' },
    testLdapFilters: { settings: F.ldapSettings() },
    testLdapAttributes: { settings: F.ldapSettings() },
    testLdapGroupAttributes: { settings: F.ldapSettings() },
    getLdapGroups: { opts: { q: 'eng', is_linked: true, is_configured: true } },
    requestTrialLicense: { body: F.trialLicense() },
    getAnalytics: { name: 'extra_counts' },
    patchRole: { rolePatch: F.rolePatch() },
    getSchemes: { scope: 'team' },
    createScheme: { scheme: F.scheme() },
    patchScheme: { schemePatch: F.schemePatch() },
    uploadPlugin: () => [textFile('plugin.tar.gz', 'application/gzip', 'fake-plugin-bytes'), true],
    getRemoteMarketplacePlugins: { filter: 'jira' },
    getMarketplacePlugins: { filter: 'jira', localOnly: true },
    getMarketplaceApps: { filter: 'jira' },
    installMarketplacePlugin: { id: 'com.mattermost.jira' },
    removePlugin: { pluginId: 'com.example.plugin' },
    enablePlugin: { pluginId: 'com.example.plugin' },
    disablePlugin: { pluginId: 'com.example.plugin' },
    uploadProfileImage: () => [ID.user, textFile('avatar.png', 'image/png', 'PNG-fake-bytes')],
    setTeamIcon: () => [ID.team, textFile('icon.png', 'image/png', 'PNG-fake-bytes')],
    uploadBrandImage: () => [textFile('brand.png', 'image/png', 'PNG-fake-bytes')],
    uploadPublicSamlCertificate: () => [textFile('saml-public.crt', 'application/x-x509-ca-cert', 'CERT')],
    uploadPrivateSamlCertificate: () => [textFile('saml-private.key', 'application/octet-stream', 'KEY')],
    uploadPublicLdapCertificate: () => [textFile('ldap-public.crt', 'application/x-x509-ca-cert', 'CERT')],
    uploadPrivateLdapCertificate: () => [textFile('ldap-private.key', 'application/octet-stream', 'KEY')],
    uploadIdpSamlCertificate: () => [textFile('idp.crt', 'application/x-x509-ca-cert', 'CERT')],
    uploadAuditLogCertificate: () => [textFile('audit.crt', 'application/x-x509-ca-cert', 'CERT')],
    uploadLicense: () => [textFile('license.mattermost-license', 'application/octet-stream', 'LICENSE')],
    previewLicense: () => [textFile('license.mattermost-license', 'application/octet-stream', 'LICENSE')],

    // Groups
    linkGroupSyncable: { patch: F.syncablePatch() },
    patchGroupSyncable: { patch: F.syncablePatch() },
    getGroup: { includeMemberCount: true },
    getGroups: {
        opts: {
            filter_allow_reference: true,
            page: 1,
            per_page: 30,
            include_member_count: true,
            include_archived: true,
            filter_archived: true,
            include_member_ids: true,
            filter_has_member: ID.user,
        },
    },
    getGroupsByNames: { names: ['developers', 'designers'] },
    getGroupsNotAssociatedToTeam: { source: 'custom' },
    getGroupsNotAssociatedToChannel: { source: 'custom' },
    createGroupWithUserIds: { group: F.groupCreate() },
    searchGroups: {
        params: {
            q: 'eng',
            filter_allow_reference: true,
            page: 1,
            per_page: 30,
            include_member_count: true,
            filter_has_member: ID.user,
            include_timezones: 'true',
            include_channel_member_count: ID.channel,
        },
    },
    patchGroup: { patch: F.groupPatch() },

    // Bots
    createBot: { bot: F.bot() },
    patchBot: { botPatch: F.botPatch() },
    getCloudProducts: { includeLegacyProducts: true },

    // Cloud
    updateCloudCustomer: { customerPatch: F.cloudCustomerPatch() },
    updateCloudCustomerAddress: { address: F.address() },
    notifyAdmin: { req: F.notifyAdmin() },
    teamMembersMinusGroupMembers: { page: 1, perPage: 30 },
    channelMembersMinusGroupMembers: { page: 1, perPage: 30 },
    completeSetup: { completeOnboardingRequest: F.onboarding() },
    getAIRewrittenMessage: { message: 'make this better', action: 'improve', customPrompt: 'Be concise' },

    // Drafts, IP filters, scheduled posts
    upsertDraft: { draft: F.draft() },
    applyIPFilters: { filters: F.ipFilters() },
    convertGroupMessageToPrivateChannel: { displayName: 'Project X', name: 'project-x' },
    createScheduledPost: { schedulePost: F.scheduledPost() },
    updateScheduledPost: { schedulePost: F.scheduledPost() },

    // Access control
    updateOrCreateAccessControlPolicy: { policy: F.accessControlPolicy() },
    getAccessControlPolicies: { after: mmId('afterId'), limit: 25 },
    getChildPolicies: { limit: 25 },
    getChannelsForAccessControlPolicy: { limit: 25 },
    searchAccessControlPolicies: { term: 'eng', type: 'channel', limit: 25 },
    searchPermissionPolicies: { term: 'eng', limit: 25 },
    searchChildAccessControlPolicyChannels: { term: 'town', opts: F.channelSearchOpts() },
    createAccessControlSyncJob: { jobData: { policy_id: ID.policy, scope: 'channel' } },
    getAccessControlFields: { limit: 25 },
    testAccessControlExpression: { term: 'ali', limit: 25 },
    simulateAccessControlPolicyForUsers: { params: F.policySimulation() },
    updateAccessControlPoliciesActive: { states: F.policyActiveStates() },

    // Content flagging
    searchContentFlaggingReviewers: { term: 'ali' },
    saveContentFlaggingConfig: { config: F.contentFlaggingSettings() },
    generateFlaggedPostReport: { action: 'remove' },
};

// Additional calls of some methods with different arguments, to show how
// optional flags change the request. Recorded as separate entries with the
// same `client4` name and a `variant` label.
const VARIANTS = {
    login: [['plain', ['alice@example.com', 'S3cret-passw0rd']]],
    getTeams: [['include_total_count', [1, 30, true]]],
    getAllChannels: [['include_total_count', [1, 30, '', false, true]]],
    getIncomingWebhooks: [['defaults', []]],
    getChannelStats: [['defaults', [ID.channel]]],
    getPost: [['defaults', [ID.post]]],
    getTeam: [['defaults', [ID.team]]],
    getChannel: [['defaults', [ID.channel]]],
    searchAllChannels: [
        ['non_admin', ['town', { nonAdminSearch: true, team_ids: mmIds('teamIds'), public: true, private: true }]],
        ['no_opts', ['town']],
    ],
    updateThreadFollowForUser: [['unfollow', [ID.user, ID.team, mmId('threadId'), false]]],
    searchPostsWithParams: [['all_teams', ['', { terms: 'hello', is_or_search: false, page: 0, per_page: 60 }]]],
    searchFilesWithParams: [['all_teams', ['', { terms: 'report', is_or_search: false, page: 0, per_page: 60 }]]],
    deleteDraft: [['no_root', [ID.channel, '', mmId('connectionId')]]],
    getProfilesNotInChannel: [['cursor', [ID.team, ID.channel, true, 1, 30, mmId('cursorId')]]],
    getFlaggedPosts: [['defaults', [ID.user]]],
    autocompleteUsers: [['defaults', ['ali', ID.team, ID.channel]]],
    getPostThread: [['defaults', [ID.post]]],
    uploadPlugin: [['no_force', [textFile('plugin.tar.gz', 'application/gzip', 'fake-plugin-bytes')]]],
};

function valueForParam(method, p) {
    const n = p.name;
    if (p.destructured) {
        return Object.fromEntries(p.destructured.map((k) => [k, valueForParam(method, { name: k, defaultSrc: null })]));
    }
    // Parameters with a boolean default: pass the opposite so the flag shows.
    if (p.defaultSrc === 'true') {
        return false;
    }
    if (p.defaultSrc === 'false') {
        return true;
    }
    if (Object.hasOwn(BY_NAME, n)) {
        const v = BY_NAME[n];
        return Array.isArray(v) ? [...v] : v;
    }
    if (/(Ids|IDs)$/.test(n)) {
        return mmIds(n);
    }
    if (/(Id|ID)$/.test(n) || n === 'id') {
        return mmId(n);
    }
    if (/^(include|exclude|is|has|fetch|collapsed|only|filter|as|local|group)[A-Z]/.test(n)) {
        return true;
    }
    if (/(At|Since|Update)$/.test(n)) {
        return TS;
    }
    if (/(Data|imageData|fileData)$/.test(n)) {
        return textFile(`${n}.bin`, 'application/octet-stream', 'binary-data');
    }
    return `${n}-value`;
}

function buildArgs(method, fn) {
    const ov = OVERRIDES[method];
    if (typeof ov === 'function') {
        return ov();
    }
    const params = parseParams(fn);
    const args = params.map((p) => (ov && Object.hasOwn(ov, p.name) ? ov[p.name] : valueForParam(method, p)));
    while (args.length > 0 && args[args.length - 1] === undefined) {
        args.pop();
    }
    return args;
}

// JSON form of arguments (see the header comment).
async function encodeArg(v) {
    if (v === undefined) {
        return { $undefined: true };
    }
    if (v === null || typeof v !== 'object') {
        return v;
    }
    if (typeof AbortSignal !== 'undefined' && v instanceof AbortSignal) {
        return { $signal: true };
    }
    if (v instanceof Blob) {
        return { $file: { name: v.name ?? null, type: v.type, text: await v.text() } };
    }
    if (v instanceof FormData) {
        const parts = [];
        for (const [k, val] of v.entries()) {
            parts.push([k, await encodeArg(val)]);
        }
        return { $form: parts };
    }
    if (Array.isArray(v)) {
        return Promise.all(v.map(encodeArg));
    }
    const out = {};
    for (const [k, val] of Object.entries(v)) {
        if (val !== undefined) {
            out[k] = await encodeArg(val);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// Recording server
// ---------------------------------------------------------------------------

// Headers present on (nearly) every Client4 request or added by the HTTP
// stack; not recorded per request.
const COMMON_HEADERS = new Set([
    'host', 'connection', 'content-length', 'content-type', 'accept', 'accept-encoding',
    'accept-language', 'user-agent', 'sec-fetch-mode', 'authorization', 'x-requested-with',
    'x-capture-method', 'transfer-encoding',
]);

function parseQuery(raw) {
    if (raw === null) {
        return [];
    }
    return [...new URLSearchParams(raw).entries()];
}

function parseMultipart(bodyText, boundary) {
    const parts = [];
    const delim = `--${boundary}`;
    for (const chunk of bodyText.split(delim)) {
        if (chunk === '' || chunk.startsWith('--')) {
            continue;
        }
        const trimmed = chunk.replace(/^\r\n/, '').replace(/\r\n$/, '');
        const sep = trimmed.indexOf('\r\n\r\n');
        const head = sep >= 0 ? trimmed.slice(0, sep) : trimmed;
        const value = sep >= 0 ? trimmed.slice(sep + 4) : '';
        const headers = {};
        for (const line of head.split('\r\n')) {
            const i = line.indexOf(':');
            if (i > 0) {
                headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
            }
        }
        const disp = headers['content-disposition'] ?? '';
        const name = /\bname="([^"]*)"/.exec(disp)?.[1] ?? null;
        const filename = /\bfilename="([^"]*)"/.exec(disp)?.[1] ?? null;
        parts.push({ name, filename, content_type: headers['content-type'] ?? null, value });
    }
    return parts;
}

function startServer(onRequest) {
    const server = createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
            const buf = Buffer.concat(chunks);
            const qIndex = req.url.indexOf('?');
            const rawPath = qIndex >= 0 ? req.url.slice(0, qIndex) : req.url;
            const rawQuery = qIndex >= 0 ? req.url.slice(qIndex + 1) : null;
            let contentType = req.headers['content-type'] ?? null;
            let body = buf.length > 0 ? buf.toString('utf8') : null;
            let multipart = null;
            const m = contentType && /^multipart\/form-data;\s*boundary=(.+)$/i.exec(contentType);
            if (m) {
                const boundary = m[1].replace(/^"|"$/g, '');
                multipart = parseMultipart(body ?? '', boundary);
                body = (body ?? '').split(boundary).join(MULTIPART_BOUNDARY);
                contentType = contentType.split(boundary).join(MULTIPART_BOUNDARY);
            }
            const extra = {};
            for (const [k, v] of Object.entries(req.headers).sort(([a], [b]) => a.localeCompare(b))) {
                if (!COMMON_HEADERS.has(k)) {
                    extra[k] = v;
                }
            }
            onRequest({
                tag: req.headers['x-capture-method'] ?? null,
                common: {
                    authorization: req.headers.authorization ?? null,
                    'x-requested-with': req.headers['x-requested-with'] ?? null,
                },
                record: {
                    method: req.method,
                    path: rawPath,
                    query: parseQuery(rawQuery),
                    content_type: contentType,
                    body,
                    multipart,
                    headers: extra,
                },
            });
            const payload = '{}';
            res.writeHead(200, {
                'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(payload),
                Token: TOKEN,
            });
            res.end(payload);
        });
    });
    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => resolve(server));
    });
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

function enumerateMethods(client) {
    const names = new Set();
    for (const k of Object.keys(client)) {
        if (typeof client[k] === 'function') {
            names.add(k);
        }
    }
    for (let proto = Object.getPrototypeOf(client); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const k of Object.getOwnPropertyNames(proto)) {
            const d = Object.getOwnPropertyDescriptor(proto, k);
            if (k !== 'constructor' && d && typeof d.value === 'function') {
                names.add(k);
            }
        }
    }
    return [...names].sort();
}

function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
    const started = Date.now();
    const cli = parseCli(process.argv.slice(2));
    const nodeModules = path.resolve(cli.nodeModules);
    const requireFrom = createRequire(path.join(nodeModules, 'capture-anchor.js'));
    const clientEntry = requireFrom.resolve('@mattermost/client');
    if (!clientEntry.startsWith(nodeModules + path.sep)) {
        throw new Error(`@mattermost/client resolved outside ${nodeModules}: ${clientEntry}`);
    }
    const readVersion = (pkg) => JSON.parse(readFileSync(path.join(nodeModules, pkg, 'package.json'), 'utf8')).version;
    const clientVersion = readVersion('@mattermost/client');
    const typesVersion = readVersion('@mattermost/types');
    const { Client4 } = requireFrom('@mattermost/client');

    const buckets = new Map(); // tag -> records
    const untagged = [];
    const common = { authorization: new Set(), 'x-requested-with': new Set() };
    const server = await startServer(({ tag, record, common: c }) => {
        for (const [k, v] of Object.entries(c)) {
            common[k].add(v === null ? null : String(v));
        }
        if (tag && buckets.has(tag)) {
            buckets.get(tag).push(record);
        } else {
            untagged.push({ tag, record });
        }
    });
    const base = `http://127.0.0.1:${server.address().port}`;

    const probe = new Client4();
    const methods = enumerateMethods(probe);
    const skipped = {};
    const toCall = [];
    for (const name of methods) {
        const reason = skipReason(name);
        if (reason) {
            skipped[name] = reason;
        } else if (!cli.only || cli.only.has(name)) {
            toCall.push(name);
        }
    }

    const calls = [];
    for (const name of toCall) {
        calls.push({ name, variant: null, argsFn: (fn) => buildArgs(name, fn) });
        for (const [variant, args] of VARIANTS[name] ?? []) {
            calls.push({ name, variant, argsFn: () => args });
        }
    }

    const entries = [];
    const noRequest = new Set();
    const errors = {};
    let seq = 0;
    for (const call of calls) {
        const client = new Client4();
        client.setUrl(base);
        client.setToken(TOKEN);
        client.setEnableLogging(true); // logClientError refuses to send otherwise
        const tag = `call-${seq++}`;
        client.setHeader('X-Capture-Method', tag);
        buckets.set(tag, []);
        const fn = client[call.name];
        let args;
        let error = null;
        try {
            args = call.argsFn(fn);
            const result = fn.apply(client, args);
            if (result && typeof result.then === 'function') {
                await withTimeout(result, CALL_TIMEOUT_MS);
            }
        } catch (e) {
            error = e && e.message ? e.message : String(e);
        }
        const requests = buckets.get(tag);
        const label = call.variant ? `${call.name}[${call.variant}]` : call.name;
        if (error !== null) {
            errors[label] = error;
        }
        if (requests.length === 0) {
            if (call.variant === null) {
                noRequest.add(call.name);
            }
            continue;
        }
        if (cli.verbose) {
            process.stderr.write(`${label}: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}\n`);
        }
        entries.push({
            client4: call.name,
            variant: call.variant,
            args: await encodeArg(args ?? []),
            requests,
        });
    }

    // Let any straggling request (e.g. from a timed-out call) arrive.
    await new Promise((r) => setTimeout(r, 50));
    server.close();
    server.closeAllConnections?.();

    entries.sort((a, b) => (a.client4 < b.client4 ? -1 : a.client4 > b.client4 ? 1 : (a.variant ?? '').localeCompare(b.variant ?? '')));
    const withRequest = new Set(entries.map((e) => e.client4));
    const output = {
        client_version: clientVersion,
        types_version: typesVersion,
        base_path: '/api/v4',
        common_headers: {
            Authorization: [...common.authorization].map((v) => (v ?? '').replace(TOKEN, '<token>')).sort(),
            'X-Requested-With': [...common['x-requested-with']].sort(),
        },
        token: TOKEN,
        multipart_boundary: MULTIPART_BOUNDARY,
        stats: {
            methods_enumerated: methods.length,
            methods_skipped: Object.keys(skipped).length,
            methods_called: toCall.length,
            methods_with_requests: withRequest.size,
            methods_without_request: [...noRequest].filter((n) => !withRequest.has(n)).length,
            entries: entries.length,
            errors: Object.keys(errors).length,
        },
        entries,
        no_request: [...noRequest].filter((n) => !withRequest.has(n)).sort(),
        errors: Object.fromEntries(Object.entries(errors).sort(([a], [b]) => a.localeCompare(b))),
        skipped: Object.fromEntries(Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b))),
        untagged_requests: untagged.map((u) => u.record),
    };
    writeFileSync(cli.out, `${JSON.stringify(output, null, 2)}\n`);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
        `capture: Client4 ${clientVersion}: ${methods.length} functions, ${Object.keys(skipped).length} skipped, ` +
        `${toCall.length} called, ${withRequest.size} with requests, ${output.no_request.length} without, ` +
        `${Object.keys(errors).length} errors, ${entries.length} entries -> ${cli.out} (${secs}s)\n`,
    );
}

main().catch((e) => {
    process.stderr.write(`capture: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
});
