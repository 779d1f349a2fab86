export default /* sql */ `
-- Where the control plane reaches a game's server to relay its players' sockets: the
-- launcher's private address, which may differ from the one players would use directly.
alter table games add column private_host text;
alter table games add column private_port integer;
`;
