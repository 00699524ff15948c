import { ForbiddenError, NotFoundError } from '@domain/shared';

export class ChatMessageNotFound extends NotFoundError {
  constructor() {
    super('Message not found');
  }
}

export class NotInConversation extends ForbiddenError {
  constructor() {
    super('You are not part of this conversation.');
  }
}

export class NotMessageSender extends ForbiddenError {
  constructor() {
    super('Only the sender may delete a message for everyone.');
  }
}
