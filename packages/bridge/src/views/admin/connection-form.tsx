/** The add/edit form of a connection: common fields, then the local, OIDC or SAML ones by type. */
import { Checkbox, PostForm, Select, TextArea, TextField, type Errors } from './admin-fields.js'

export type ConnectionType = 'local' | 'oidc' | 'saml'
export type FormValues = Record<string, string | boolean | string[] | undefined>

const str = (v: FormValues[string]) => (typeof v === 'string' ? v : undefined)

export function ConnectionForm(props: {
  csrf: string
  type: ConnectionType
  values: FormValues
  errors: Errors
  isNew: boolean
  action: string
}) {
  const v = props.values
  const { errors } = props
  return (
    <PostForm
      action={props.action}
      csrf={props.csrf}
      multipart={props.type === 'saml'}
      label={props.isNew ? 'New connection' : 'Edit connection'}
    >
      <input type="hidden" name="type" value={props.type} />
      {props.isNew ? (
        <TextField
          name="id"
          label="Id"
          hint="Lowercase letters, digits and dashes; part of the URLs the IdP calls. It cannot change later."
          value={str(v.id)}
          errors={errors}
          required
        />
      ) : null}
      <TextField
        name="name"
        label="Name"
        hint='Shown on the login page: "Continue with …"'
        value={str(v.name)}
        errors={errors}
      />
      {props.type === 'oidc' ? (
        <>
          <TextField
            name="issuer"
            label="Issuer URL"
            hint="The IdP's issuer; discovery reads <issuer>/.well-known/openid-configuration."
            value={str(v.issuer)}
            errors={errors}
            type="url"
            required
          />
          <TextField
            name="clientId"
            label="Client ID"
            value={str(v.clientId)}
            errors={errors}
            required
          />
          <TextField
            name="clientSecret"
            label="Client secret"
            hint={props.isNew ? undefined : 'Leave empty to keep the current secret.'}
            type="password"
            autocomplete="new-password"
            errors={errors}
          />
          <Select
            name="tokenEndpointAuthMethod"
            label="Client authentication"
            value={str(v.tokenEndpointAuthMethod)}
            errors={errors}
            options={[
              ['client_secret_basic', 'client_secret_basic (HTTP Basic)'],
              ['client_secret_post', 'client_secret_post (in the body)'],
            ]}
          />
          <TextField
            name="scopes"
            label="Scopes"
            hint="Separated by spaces."
            value={str(v.scopes) ?? 'openid email profile'}
            errors={errors}
          />
        </>
      ) : null}
      {props.type === 'saml' ? (
        <>
          <TextArea
            name="idpMetadata"
            label="IdP metadata XML"
            hint="Paste it here, upload the file below, or give its URL."
            value={str(v.idpMetadata)}
            errors={errors}
            rows={6}
          />
          <div>
            <label for="f-idpMetadataFile">IdP metadata file</label>
            <input
              id="f-idpMetadataFile"
              name="idpMetadataFile"
              type="file"
              accept=".xml,text/xml,application/xml,application/samlmetadata+xml"
            />
          </div>
          <TextField
            name="idpMetadataUrl"
            label="Or the IdP metadata URL"
            value={str(v.idpMetadataUrl)}
            errors={errors}
            type="url"
          />
          <Checkbox
            name="trustEmail"
            label="The IdP vouches for email addresses (count them as verified; changing it needs a sign-in within the last 5 minutes)"
            checked={v.trustEmail === true}
          />
        </>
      ) : null}
      {props.type === 'local' ? <MemberOptions values={v} errors={errors} /> : null}
      {props.type !== 'local' ? (
        <>
          <TextField
            name="domains"
            label="Email domains"
            hint="Emails of these domains go straight to this IdP. Separated by spaces or commas."
            value={str(v.domains)}
            errors={errors}
          />
          <TextField
            name="linkByVerifiedEmail"
            label="Link by verified email into"
            hint="Ids of other upstream connections: a first sign-in here joins their user with the same verified email. Empty: never. Local users cannot be joined. Changing it needs a sign-in within the last 5 minutes."
            value={str(v.linkByVerifiedEmail)}
            errors={errors}
          />
        </>
      ) : null}
      {props.type === 'oidc' ? (
        <Checkbox
          name="dangerouslyAllowHttpIssuer"
          label="Allow a plain http issuer on this machine (tests and demos only)"
          checked={v.dangerouslyAllowHttpIssuer === true}
        />
      ) : null}
      {props.type === 'oidc' || props.type === 'saml' ? (
        <Checkbox
          name="dangerouslyAllowPrivateNetwork"
          label="Allow the IdP on loopback or a private network (development; see the README)"
          checked={v.dangerouslyAllowPrivateNetwork === true}
        />
      ) : null}
      <Select
        name="mfa"
        label="Second factor"
        value={str(v.mfa)}
        errors={errors}
        options={[
          ['off', 'Off'],
          ['optional', 'For users who enrolled one'],
          ['required', 'Required for everyone'],
        ]}
      />
      <div class="actions">
        <button type="submit" name="action" value="save" class="primary">
          {props.isNew ? 'Add connection' : 'Save changes'}
        </button>
        {props.type === 'oidc' ? (
          <button type="submit" name="action" value="check">
            Check
          </button>
        ) : null}
      </div>
    </PostForm>
  )
}

/** A local connection's member options (docs/members.md); each sends email, so each needs SMTP. */
function MemberOptions(props: { values: FormValues; errors: Errors }) {
  const v = props.values
  const { errors } = props
  return (
    <fieldset>
      <legend>Members (these send email: they need an SMTP server)</legend>
      <Select
        name="signup"
        label="Sign-up"
        hint="Who may create an account from the login page."
        value={str(v.signup) ?? 'off'}
        // The domains' own errors are shown at their field.
        errors={errors.filter((e) => !e.path.startsWith('signup.domains'))}
        options={[
          ['off', 'Off: only an admin adds users'],
          ['open', 'Open: anyone'],
          ['domains', 'Only addresses of these domains'],
        ]}
      />
      <TextField
        name="signupDomains"
        errorName="signup.domains"
        label="Sign-up domains"
        hint="With “Only addresses of these domains”: e.g. example.com, separated by spaces or commas."
        value={str(v.signupDomains)}
        errors={errors}
      />
      <Select
        name="passwordless"
        label="Sign-in without a password"
        value={str(v.passwordless) ?? 'off'}
        errors={errors}
        options={[
          ['off', 'Off'],
          ['code', 'An emailed 6-digit code'],
          ['link', 'An emailed magic link'],
          ['both', 'Either: a code and a link in one email'],
        ]}
      />
      <Checkbox
        name="requireVerifiedEmail"
        label="Require a verified email: a password sign-in of an unverified address stops and a verification link is sent"
        checked={v.requireVerifiedEmail === true}
      />
    </fieldset>
  )
}
