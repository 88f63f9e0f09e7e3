import { describe, expect, it } from 'vitest'
import { personNames } from './person-names.js'

describe('personNames', () => {
  it.each([
    ['Alice Example', { givenName: 'Alice', familyName: 'Example' }],
    ['Ann Marie Example', { givenName: 'Ann Marie', familyName: 'Example' }],
    ['  Ann \t Marie\n Example  ', { givenName: 'Ann Marie', familyName: 'Example' }],
    ['Cher', { givenName: 'Cher' }],
    ['   ', {}],
  ])('splits %j at the last whitespace', (name, expected) => {
    expect(personNames({ name })).toEqual(expected)
  })

  it('derives nothing without a name', () => {
    expect(personNames({})).toEqual({})
  })

  it('keeps the split names the user has', () => {
    expect(personNames({ name: 'Al Ex', givenName: 'Alice', familyName: 'Example' })).toEqual({
      givenName: 'Alice',
      familyName: 'Example',
    })
  })

  it('fills the missing part from what the name holds besides the given one', () => {
    expect(personNames({ name: 'Mary Ann Smith', givenName: 'Mary Ann' })).toEqual({
      givenName: 'Mary Ann',
      familyName: 'Smith',
    })
    expect(personNames({ name: 'Ludwig van Beethoven', familyName: 'van Beethoven' })).toEqual({
      givenName: 'Ludwig',
      familyName: 'van Beethoven',
    })
    expect(personNames({ name: 'Alice', givenName: 'Alice' })).toEqual({
      givenName: 'Alice',
      familyName: undefined,
    })
    expect(personNames({ name: 'Bob Stone', givenName: 'Alice' })).toEqual({
      givenName: 'Alice',
      familyName: undefined,
    })
  })
})

describe('the OpenID Provider profile', () => {
  it('releases the derived names too', async () => {
    const { profileClaims } = await import('../oidc-provider/configuration.js')
    const user = {
      id: 'u',
      connection: 'staff',
      email: 'a@example.com',
      emailVerified: true,
      name: 'Ann Example',
      disabled: false,
      createdAt: 0,
      updatedAt: 0,
    }
    expect(profileClaims(user)).toMatchObject({ given_name: 'Ann', family_name: 'Example' })
  })
})
