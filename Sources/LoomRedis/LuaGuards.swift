import LoomCore

/// Lua shared by every write script (registry, ring membership, routing).
///
/// Redis does not roll back a script's (or a MULTI's) earlier writes when a later command fails,
/// so a WRONGTYPE met halfway leaves a partial write. Every script therefore checks the TYPE of
/// every key it will touch first, and returns `{'wrongtype', key, actual, expected}` before its
/// first write; Swift turns that into ``RegistryError/wrongType(key:holds:expected:)``.
public enum LuaGuards {
    /// Defines `check_types({{key, type}, …})`; a key that does not exist passes.
    public static let typeGuard = """
        local function check_types(list)
          for _, kt in ipairs(list) do
            local t = redis.call('TYPE', kt[1])
            if type(t) == 'table' then t = t.ok end
            if t ~= 'none' and t ~= kt[2] then return {'wrongtype', kt[1], t, kt[2]} end
          end
          return nil
        end
        local function is_int64(s)
          if s == '0' then return true end
          local digits = string.match(s, '^%-?([1-9]%d*)$')
          if not digits or #digits > 19 then return false end
          if #digits == 19 then
            if string.sub(s, 1, 1) == '-' then return digits <= '9223372036854775808' end
            return digits <= '9223372036854775807'
          end
          return true
        end
        """

    /// Throws the named error for a `{'wrongtype', …}` verdict; returns otherwise.
    public static func throwIfWrongType<D: ErrorDomain>(_ reply: RedisReply, in _: D.Type) throws(DomainError<D>) {
        guard let parts = reply.array, parts.count == 4, parts[0].string == "wrongtype" else { return }
        throw DomainError<D>.wrongType(key: parts[1].string ?? "?", holds: parts[2].string ?? "?", expected: parts[3].string ?? "?")
    }
}

