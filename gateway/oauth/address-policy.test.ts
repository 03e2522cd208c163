import { expect, it } from 'vitest';
import { addressRefusal, isPrivateAddress } from './address-policy.ts';

it('classifies addresses as the upstream host policy does, plus anything that is no IP address', () => {
  for (const address of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '192.0.2.1', '::1', '[fe80::1]', '::ffff:127.0.0.1', '::ffff:7f00:1', '0::5', 'not-an-ip']) {
    expect(isPrivateAddress(address), address).toBe(true);
  }
  for (const address of ['52.1.2.3', '2606:4700::1111']) expect(isPrivateAddress(address), address).toBe(false);
});

it('refuses a metadata document whose host resolves to an IPv4-mapped loopback written in hex', async () => {
  const refusal = await addressRefusal(new URL('https://client.example/doc.json'), async () => ['::ffff:7f00:1']);
  expect(refusal).toBe('its host client.example resolves to a private address (::ffff:7f00:1)');
});
